// SPDX-License-Identifier: Apache-2.0
// The pre-tokenizer and chained block hashes: stable, prefix-exact, full blocks only.
#include "kv/core/prompt_chunker.h"

#include <gtest/gtest.h>

using kv::core::PromptChunker;

TEST(PromptChunker, PretokenizerCutsLettersDigitsPunctuationAndSpaces)
{
    EXPECT_EQ(PromptChunker::countTokens("hello world"), 3u); // hello, " ", world
    EXPECT_EQ(PromptChunker::countTokens("x = 1234567;"), 8u); // x, " ", =, " ", 123, 456, 7, ;
    EXPECT_EQ(PromptChunker::countTokens(""), 0u);
    EXPECT_EQ(PromptChunker::countTokens("\n\n  \t"), 1u);
    EXPECT_EQ(PromptChunker::countTokens("caf\xc3\xa9 na\xefve"), 3u); // UTF-8 and an invalid byte stay letters
    EXPECT_EQ(PromptChunker::countTokens(std::string(30, 'a')), 3u); // long runs split every 12 bytes
    EXPECT_EQ(PromptChunker::countTokens(std::string(40, ' ')), 3u); // blank runs every 16
}

TEST(PromptChunker, OnlyFullBlocksAndChainedPrefixes)
{
    PromptChunker a(4), b(4);
    a.clear();
    b.clear();
    a.addText("one two three four five six"); // 11 pseudo-tokens: 2 full blocks
    b.addText("one two THREE four five six"); // blocks: "one two ", "three four "
    EXPECT_EQ(a.tokenCount(), 11u);
    ASSERT_EQ(a.blocks().size(), 2u);
    ASSERT_EQ(b.blocks().size(), 2u);
    EXPECT_EQ(a.blocks()[0], b.blocks()[0]); // "one two " is shared
    EXPECT_NE(a.blocks()[1], b.blocks()[1]);

    // Splitting the same text over calls gives the same blocks (segments concatenate).
    PromptChunker c(4);
    c.clear();
    c.addText("one two three ");
    c.addText("four five six");
    EXPECT_EQ(c.blocks(), a.blocks());

    // An earlier change changes every later block.
    PromptChunker d(4);
    d.clear();
    d.addText("One two three four five six");
    EXPECT_NE(d.blocks()[0], a.blocks()[0]);
    EXPECT_NE(d.blocks()[1], a.blocks()[1]);
}

TEST(PromptChunker, SeedsSeparateNamespacesAndSyntheticPartsAreStable)
{
    PromptChunker a(2), b(2);
    a.clear(1);
    b.clear(2);
    a.addSynthetic(42, 10);
    b.addSynthetic(42, 10);
    EXPECT_EQ(a.blocks().size(), 5u);
    EXPECT_NE(a.blocks()[0], b.blocks()[0]);
    PromptChunker c(2);
    c.clear(1);
    c.addSynthetic(42, 6);
    EXPECT_EQ(c.blocks()[2], a.blocks()[2]); // a longer synthetic part extends a shorter one
}

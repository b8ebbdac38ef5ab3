// SPDX-License-Identifier: Apache-2.0
// Several sessions as one: the "whole selection" the desktop views show. The sessions share one
// cache, exactly as makeFleetReplayInput replays them (local hashes salted per session, times as
// the files give them), so every analysis of a session applies to a selection unchanged.
#pragma once

#include "kv/core/session.h"
#include "kv/core/status.h"

#include <span>

namespace kv::core {

// Agents keep their order per session; each session's main agent is labelled by the session's
// name and its sub-agents' keys are prefixed with it. The sessions must share a block size.
Expected<Session> combineSessions(std::span<const Session* const> sessions);

} // namespace kv::core

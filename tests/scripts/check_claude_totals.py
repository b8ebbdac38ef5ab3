#!/usr/bin/env python3
"""Independent check of the Claude Code importer against the real sample logs.

Reads each sample session the simple way (every assistant line grouped by (message.id,
requestId) across the session's files, usage from the line with the most output tokens) and
compares API calls, agents and reported token totals with `kvscope-cli replay --json`.
Usage: check_claude_totals.py KVSCOPE_CLI SAMPLES_DIR   (exit 0 when everything matches)
"""
import glob
import json
import os
import subprocess
import sys


def session_files(main):
    d, name = os.path.split(main)
    stem = name.split('.')[0]
    files = [main] + sorted(glob.glob(os.path.join(d, stem, 'subagents', '**', 'agent-*.jsonl'), recursive=True))
    for f in sorted(glob.glob(os.path.join(d, 'agent-*.jsonl'))):
        with open(f) as fh:
            first = json.loads(fh.readline())
        if first.get('sessionId') == stem:
            files.append(f)
    return files


def expected(main):
    calls = {}
    order = []
    session_id = None
    sidechain_roots = set()
    for f in session_files(main):
        for line in open(f):
            try:
                d = json.loads(line)
            except ValueError:
                continue
            session_id = session_id or d.get('sessionId')
            if d.get('type') != 'assistant' or d.get('isApiErrorMessage'):
                continue
            m = d.get('message') or {}
            if m.get('model') == '<synthetic>':
                continue
            key = (m.get('id'), d.get('requestId')) if m.get('id') else ('uuid', d.get('uuid'))
            u = m.get('usage') or {}
            out = u.get('output_tokens', 0)
            if key not in calls:
                order.append(key)
                calls[key] = (f, u)
            elif calls[key][0] == f and out >= calls[key][1].get('output_tokens', 0):
                calls[key] = (f, u)
            if d.get('isSidechain') and f == main and not d.get('agentId'):
                sidechain_roots.add(d.get('uuid'))
    agents = len(session_files(main))  # main + one per agent file
    total = lambda k: sum(u.get(k, 0) for _, u in calls.values())
    return {
        'session': session_id or os.path.basename(main).split('.')[0],
        'requests': len(calls),
        'agents': agents,
        'input_tokens': total('input_tokens') + total('cache_creation_input_tokens') + total('cache_read_input_tokens'),
        'output_tokens': total('output_tokens'),
        'reported_cache_read_tokens': total('cache_read_input_tokens'),
        'reported_cache_write_tokens': total('cache_creation_input_tokens'),
    }


def main():
    cli, samples = sys.argv[1], sys.argv[2]
    mains = [f for f in sorted(glob.glob(os.path.join(samples, 'claude', '*', '*.jsonl')))
             if not os.path.basename(f).startswith('agent-')]
    out = subprocess.run([cli, 'replay', '--json', os.path.join(samples, 'claude')], capture_output=True, text=True)
    got = {j['session']: j for j in map(json.loads, out.stdout.splitlines())}
    failures = 0
    for m in mains:
        e = expected(m)
        g = got.get(e['session'])
        if g is None:
            print(f'FAIL {m}: session {e["session"]} missing from kvscope-cli output')
            failures += 1
            continue
        for k, v in e.items():
            if g.get(k) != v:
                print(f'FAIL {m}: {k}: kvscope {g.get(k)} != reference {v}')
                failures += 1
        print(f'checked {e["session"]}: {e["requests"]} calls, {e["agents"]} agents, {e["input_tokens"]} input tokens')
    print(f'{len(mains) * 7 - failures} passed, {failures} failed')
    return 1 if failures or not mains else 0


if __name__ == '__main__':
    sys.exit(main())

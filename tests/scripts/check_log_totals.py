#!/usr/bin/env python3
"""Independent check of the Claude Code and Codex importers against the real sample logs.

Claude Code: every assistant line grouped by (message.id, requestId) across the session's
files, usage from the line with the most output tokens. Codex: one call per token_count event
whose running total changed and whose last usage is not zero. The API calls, agents and
reported token totals are compared with `kvscope-cli replay --json`.
Usage: check_log_totals.py KVSCOPE_CLI SAMPLES_DIR   (exit 0 when everything matches)
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


def expected_codex(path):
    calls, inp, cached, out = 0, 0, 0, 0
    prev = None
    session = None
    for line in open(path):
        d = json.loads(line)
        if d.get('type') == 'session_meta':
            session = session or d['payload'].get('id')
        if d.get('type') != 'event_msg' or d['payload'].get('type') != 'token_count':
            continue
        info = d['payload'].get('info')
        if not info:
            continue
        total = info['total_token_usage']
        if total == prev:
            continue
        prev = total
        last = info['last_token_usage']
        if last['input_tokens'] == 0 and last['output_tokens'] == 0:
            continue
        calls += 1
        inp += last['input_tokens']
        cached += last['cached_input_tokens']
        out += last['output_tokens']
    return {'session': session, 'requests': calls, 'agents': 1, 'input_tokens': inp, 'output_tokens': out,
            'reported_cache_read_tokens': cached, 'reported_cache_write_tokens': 0}


def main():
    cli, samples = sys.argv[1], sys.argv[2]
    mains = [f for f in sorted(glob.glob(os.path.join(samples, 'claude', '*', '*.jsonl')))
             if not os.path.basename(f).startswith('agent-')]
    rollouts = sorted(glob.glob(os.path.join(samples, 'codex', '01_*', 'sessions', '**', 'rollout-*.jsonl'), recursive=True))
    out = subprocess.run([cli, 'replay', '--json', os.path.join(samples, 'claude'), os.path.join(samples, 'codex')],
                         capture_output=True, text=True)
    got = {j['session']: j for j in map(json.loads, out.stdout.splitlines())}
    failures = 0
    for m in mains + rollouts:
        e = expected(m) if m in mains else expected_codex(m)
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
    checks = (len(mains) + len(rollouts)) * 7
    print(f'{checks - failures} passed, {failures} failed')
    return 1 if failures or not mains or not rollouts else 0


if __name__ == '__main__':
    sys.exit(main())

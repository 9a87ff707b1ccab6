"""Reference outputs for Neurometry's RandomStream (xoshiro256** seeded by SplitMix64).

Writes expected.json next to this script: the first outputs of xoshiro256** from the state
(1, 2, 3, 4) and of SplitMix64 from seed 0 and 1234567, computed by a direct transcription of the
published C reference code (https://prng.di.unimi.it/xoshiro256starstar.c, splitmix64.c) into
Python integers. Pure Python 3.11, no packages.
"""
import json
from pathlib import Path

M = (1 << 64) - 1


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M


def xoshiro(s, n):
    s = list(s)
    out = []
    for _ in range(n):
        result = (rotl((s[1] * 5) & M, 7) * 9) & M
        t = (s[1] << 17) & M
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        out.append(result)
    return out


def splitmix(x, n):
    out = []
    for _ in range(n):
        x = (x + 0x9E3779B97F4A7C15) & M
        z = x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
        out.append(z ^ (z >> 31))
    return out


expected = {
    "xoshiro256starstar_state_1_2_3_4": [str(v) for v in xoshiro((1, 2, 3, 4), 10)],
    "splitmix64_seed_0": [str(v) for v in splitmix(0, 5)],
    "splitmix64_seed_1234567": [str(v) for v in splitmix(1234567, 5)],
}
(Path(__file__).parent / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")

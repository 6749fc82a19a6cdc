#!/usr/bin/env python3
"""Kills `prunescope-cli run` with SIGKILL at random moments over sweeps of tiny runs and checks,
after every kill, that the store is intact and that nothing a finished run wrote changed:

  - PRAGMA integrity_check is ok;
  - every run that was done before the kill is still done, and its row, metrics and kept subset
    are byte-identical (an ordered dump, hashed per run);
  - after a sweep's last kill, a rerun finishes exactly the runs that were missing (its summary
    line: "<missing> finished, <done> already stored, 0 failed").

    bench/kill-loop.py [--kills 200] [--kills-per-sweep 10] [--cli build/app/prunescope-cli]

A benchmark-style check (not a timed test): about 20 minutes for 200 kills on 2 cores.
Needs python3's sqlite3 module. Prints one
line per sweep and a summary line; exits 1 on the first violation."""
import argparse, hashlib, json, os, random, re, signal, sqlite3, struct, subprocess, sys, tempfile, time

parser = argparse.ArgumentParser()
parser.add_argument('--kills', type=int, default=200)
parser.add_argument('--kills-per-sweep', type=int, default=10)
parser.add_argument('--cli', default=os.path.join(os.path.dirname(__file__), '..', 'build', 'app',
                                                  'prunescope-cli'))
parser.add_argument('--seed', type=int, default=0)
parser.add_argument('--work', default=None)
args = parser.parse_args()
rng = random.Random(args.seed)
work = args.work or tempfile.mkdtemp(prefix='prunescope-kill-')
os.makedirs(work, exist_ok=True)


def write_idx(folder, n_train, n_test):
    """A tiny 10-class IDX dataset of 28x28 patterns (classes differ by stripe position)."""
    os.makedirs(folder, exist_ok=True)
    for prefix, n in (('train', n_train), ('t10k', n_test)):
        labels = [i % 10 for i in range(n)]
        pixels = bytearray()
        for i, label in enumerate(labels):
            image = bytearray(784)
            for row in range(28):
                for col in range(28):
                    on = (col // 3) == label or (row * 7 + col * 3 + i) % 23 == 0
                    image[row * 28 + col] = 220 if on else 10
            pixels += image
        with open(os.path.join(folder, f'{prefix}-images-idx3-ubyte'), 'wb') as f:
            f.write(struct.pack('>IIII', 0x803, n, 28, 28) + bytes(pixels))
        with open(os.path.join(folder, f'{prefix}-labels-idx1-ubyte'), 'wb') as f:
            f.write(struct.pack('>II', 0x801, n) + bytes(labels))


data = os.path.join(work, 'data')
write_idx(data, 400, 100)
spec = {
    'name': 'kill loop',
    'dataset': {'path': data},
    'student': {'model': 'smallcnnx0.25',
                'train': {'steps': 200, 'batch_size': 32, 'eval_points': 2}},
    'teacher': {'model': 'smallcnnx0.25', 'train': {'epochs': 2, 'batch_size': 32}},
    'pruning': {'method': 'random', 'fractions': [0.25, 0.5]},
    'distillation': {'alphas': [0, 0.5], 'tau': 4},
    'seeds': [0, 1, 2, 3, 4],
}
spec_path = os.path.join(work, 'spec.json')
with open(spec_path, 'w') as f:
    json.dump(spec, f)
total_runs = 2 * 2 * 5


def snapshot(store):
    """Run id → hash of its row, metrics and subset, for the runs that are done; and integrity."""
    if not os.path.exists(store):
        return 'ok', {}
    db = sqlite3.connect(f'file:{store}?mode=ro', uri=True, timeout=30)
    try:
        integrity = db.execute('PRAGMA integrity_check').fetchone()[0]
        done = {}
        for row in db.execute("SELECT * FROM runs WHERE status = 'done' ORDER BY id"):
            h = hashlib.sha256(repr(row).encode())
            for m in db.execute('SELECT * FROM run_metrics WHERE run_id = ? ORDER BY step', (row[0],)):
                h.update(repr(m).encode())
            for s in db.execute('SELECT * FROM run_subsets WHERE run_id = ?', (row[0],)):
                h.update(repr(s).encode())
            done[row[0]] = h.hexdigest()
        return integrity, done
    except sqlite3.DatabaseError as e:  # before the first commit the file may hold no tables yet
        if 'no such table' in str(e):
            return 'ok', {}
        raise
    finally:
        db.close()


def running_runs(store):
    """1 when the kill left a run recorded as running (it landed inside a student run), else 0."""
    if not os.path.exists(store):
        return 0
    db = sqlite3.connect(f'file:{store}?mode=ro', uri=True, timeout=30)
    try:
        return 1 if db.execute("SELECT COUNT(*) FROM runs WHERE status = 'running'").fetchone()[0] else 0
    except sqlite3.DatabaseError:
        return 0
    finally:
        db.close()


def fail(message):
    print('kill loop: FAILED: ' + message, flush=True)
    sys.exit(1)


# Kill moments are drawn against the time T a whole sweep takes here (fixed windows either never
# get past the teacher on a slow machine or finish every sweep on a fast one). A kill inside the
# teacher's training loses it, so short windows alone never reach the students: the sweeps cycle
# through windows of T/4, T/2, 3T/4 and T, which puts kills in the teacher, inside student runs
# and between them, and leaves sweeps anywhere from untouched to finished at the rerun.
t0 = time.time()
clean = subprocess.run([args.cli, 'run', spec_path, '--store', os.path.join(work, 'clean.db')],
                       capture_output=True, text=True)
if clean.returncode != 0:
    fail(f'the sweep without kills exited {clean.returncode}: {clean.stderr[-400:]}')
sweep_seconds = time.time() - t0
print(f'a sweep without kills takes T = {sweep_seconds:.1f} s', flush=True)

kills = 0
mid_run_kills = 0
sweeps = 0
exact_reruns = 0
started = time.time()
while kills < args.kills:
    sweeps += 1
    store = os.path.join(work, f'sweep-{sweeps}.db')
    window = sweep_seconds * (1 + (sweeps - 1) % 4) / 4
    before = {}
    for _ in range(min(args.kills_per_sweep, args.kills - kills)):
        p = subprocess.Popen([args.cli, 'run', spec_path, '--store', store],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, window))
        p.send_signal(signal.SIGKILL)
        p.wait()
        kills += 1
        integrity, done = snapshot(store)
        if integrity != 'ok':
            fail(f'kill {kills}: integrity_check says {integrity}')
        mid_run_kills += running_runs(store)
        for run_id, digest in before.items():
            if run_id not in done:
                fail(f'kill {kills}: run {run_id} was done and is not any more')
            if done[run_id] != digest:
                fail(f'kill {kills}: finished run {run_id} changed')
        before = done
    # The rerun: exactly the missing runs, none failed.
    r = subprocess.run([args.cli, 'run', spec_path, '--store', store], capture_output=True, text=True)
    m = re.search(r'(\d+) finished, (\d+) already stored, (\d+) failed', r.stderr)
    if r.returncode != 0 or not m:
        fail(f'sweep {sweeps}: the rerun exited {r.returncode}: {r.stderr[-400:]}')
    finished, stored, failed = map(int, m.groups())
    if stored != len(before) or finished != total_runs - len(before) or failed:
        fail(f'sweep {sweeps}: {len(before)} runs were done before the rerun, which reports '
             f'{finished} finished, {stored} already stored, {failed} failed')
    integrity, done = snapshot(store)
    if integrity != 'ok' or len(done) != total_runs or any(done[k] != v for k, v in before.items()):
        fail(f'sweep {sweeps}: after the rerun the store is not whole')
    exact_reruns += 1
    print(f'sweep {sweeps} (kills 0.05-{window:.1f} s after each start): {kills} kills so far; {len(before)} of {total_runs} runs were done '
          f'before the rerun, which finished the other {finished}', flush=True)

print(f'kill loop: {kills} SIGKILLs over {sweeps} sweeps of {total_runs} runs ({mid_run_kills} inside '
      f'a student run): integrity_check ok after every kill, 0 finished runs lost or changed, '
      f'{exact_reruns}/{sweeps} reruns did '
      f'exactly the missing runs ({time.time() - started:.0f} s)')

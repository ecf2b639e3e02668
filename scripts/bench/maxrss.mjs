// Preloaded by scripts/bench.ts with `node --import`: at exit, writes the process's peak resident
// set size (getrusage ru_maxrss, in KiB on Linux) to the file named by BENCH_MAXRSS_FILE. The
// kernel keeps that high-water mark, so short allocation spikes are never missed (unlike polling
// /proc), and nothing outside Node (such as /usr/bin/time) is needed.
import {writeFileSync} from 'node:fs'

const file = process.env.BENCH_MAXRSS_FILE
// Not inherited by anything the measured process might spawn.
delete process.env.BENCH_MAXRSS_FILE
if (file) {
  process.on('exit', () => {
    writeFileSync(file, String(process.resourceUsage().maxRSS))
  })
}

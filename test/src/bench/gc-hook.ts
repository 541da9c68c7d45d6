// Loaded into the API process by the idle-agents bench only (node --expose-gc --import): on
// SIGUSR2 it runs full collections and then writes the process's memory to BENCH_GC_REPORT; on
// SIGWINCH it writes the memory as found, collecting nothing. The bench reads the API's heap this
// way instead of scraping /metrics, whose own garbage (megabytes at 10,000 clusters) would land
// in the very figures it reads.
// RSS as found includes garbage the collector has not reached yet and heap it has not given
// back; after a full collection what is left is what the held connections really keep.
import { renameSync, writeFileSync } from 'node:fs';

const report = process.env.BENCH_GC_REPORT;
const gc = (globalThis as { gc?: () => void }).gc;

function writeReport(path: string): void {
  // Written whole, then renamed, so the bench never reads half a report.
  writeFileSync(`${path}.tmp`, JSON.stringify(process.memoryUsage()));
  renameSync(`${path}.tmp`, path);
}

if (report && gc) {
  process.on('SIGUSR2', () => {
    gc();
    gc();
    writeReport(report);
  });
  process.on('SIGWINCH', () => writeReport(report));
}

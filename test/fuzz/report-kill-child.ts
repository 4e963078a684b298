// Child of report-kill.test.ts: writes a small study report into argv[2] and SIGKILLs itself right after
// the swap step argv[3] (`written`, `old-moved`, `new-moved`, `old-removed`; `none` runs to the end).
// argv[4] is the --formats list, so the old and the new report differ.

import { buildStudyReport } from '../../src/reports/study-report.ts';
import { writeReport, type ReportFormat, type SwapStep } from '../../src/reports/write.ts';
import { runStudy } from '../../src/whatif/study.ts';

const [out, killAt, formats] = process.argv.slice(2) as [string, SwapStep | 'none', string];
const study = await runStudy({
  models: ['lenet5-bn'],
  cpus: ['via-nano-2000'],
  schedulers: ['serial'],
  lowering: 'simd',
  energyTable: 'horowitz-45nm',
  cycleModels: [],
});
writeReport(buildStudyReport(study), out, {
  formats: formats.split(',') as ReportFormat[],
  onSwapStep: (step) => {
    if (step === killAt) process.kill(process.pid, 'SIGKILL');
  },
});

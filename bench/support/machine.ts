// What the figures were measured on: they only mean something next to the machine and the date.

import { spawnSync } from 'node:child_process';
import { cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';

export interface Machine {
  os: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  java: string;
  loadAverageAtStart: number[];
  freeMemoryGiBAtStart: number;
}

const javaVersion = (): string => {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return (result.stderr ?? '').split('\n')[0]?.trim() ?? 'unknown';
};

export const describeMachine = (): Machine => {
  const processors = cpus();
  return {
    os: `${platform()} ${release()}`,
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    java: javaVersion(),
    loadAverageAtStart: loadavg().map((value) => Number(value.toFixed(2))),
    freeMemoryGiBAtStart: Number((freemem() / 2 ** 30).toFixed(1)),
  };
};

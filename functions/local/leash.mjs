// Runs one command as a child and ends it when this process's stdin closes. The process that starts us holds
// the other end of that pipe, and the kernel closes it when that process exits for any reason (Ctrl-C, a test
// runner's timeout, SIGKILL). So DynamoDB Local and s3rver never outlive `npm start` or a test run.
// Plain JavaScript so that it starts in milliseconds without a TypeScript loader.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node leash.mjs <command> [args…]');
  process.exit(2);
}

const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let ending = false;
const end = (signal) => {
  if (ending) return;
  ending = true;
  child.kill(signal);
  setTimeout(() => child.kill('SIGKILL'), 5000).unref();
};

process.stdin.on('end', () => end('SIGTERM'));
process.stdin.on('error', () => end('SIGTERM'));
process.stdin.resume();
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => end(signal));

child.on('error', (error) => {
  console.error(`${command}: ${error.message}`);
  process.exit(127);
});
child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));

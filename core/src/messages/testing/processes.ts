import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface Mail {
  to: string[];
  messageId: string | null;
  subject: string | null;
}

/** Starts the SMTP test server in a child process and collects the mails it accepts. */
export async function startSmtpServer(port: number): Promise<{ mails: Mail[]; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'smtp-server.ts'), String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const mails: Mail[] = [];
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`SMTP server exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line === 'listening') resolve();
      else if (line.startsWith('{')) mails.push(JSON.parse(line) as Mail);
    });
  });
  return { mails, stop: () => stopChild(child, 'SIGTERM') };
}

export function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** Runs a TypeScript script of this folder and resolves on the first stdout line that `ready` accepts. */
export function runScript(
  file: string,
  env: Record<string, string>,
  ready: (line: string) => boolean,
): Promise<{ child: ChildProcess; lines: string[] }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, file)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) =>
      reject(new Error(`${file} exited (${code ?? signal}) before it was ready`)),
    );
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      if (ready(line)) resolve({ child, lines });
    });
  });
}

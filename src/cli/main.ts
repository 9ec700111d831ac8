#!/usr/bin/env node
// The `posten-signering` command (package.json "bin"): the doctor, the local simulator and the end-to-end demo.
// The commands are loaded when run: the simulator and the demo need the simulator's optional peer packages, `help` needs nothing.

const usage = `Usage:
  posten-signering doctor --certificate FILE [--environment test|production] [--url URL --ca FILE...]
                          [--server-org NUMBER] [--json]
                                                      check a certificate and the way to the API (--help for more)
  posten-signering simulator [--port N] [--out DIR]   run the local Posten signering simulator (mutual TLS)
  posten-signering demo                               run the direct and portal flows against a simulator
  posten-signering help                               show this text`;

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'doctor':
      return (await import('./doctor.js')).runDoctor(args);
    case 'simulator':
      // Keeps running until interrupted; the server holds the event loop open.
      await (await import('./simulator-command.js')).runSimulatorCommand(args);
      return 0;
    case 'demo':
      await (await import('./demo.js')).runDemo();
      // The demo's clients and simulator are closed, but exit explicitly like demo-main does.
      process.exit(0);
    // eslint-disable-next-line no-fallthrough -- process.exit() never returns
    case 'help':
    case '--help':
    case '-h':
      console.log(usage);
      return 0;
    default:
      console.error(command === undefined ? usage : `Unknown command "${command}".\n\n${usage}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);

/* ts_cli.h — the command line: options, usage, diagnostics, exit codes.
 *
 * ts_cli_main() runs one tracestat command and returns the exit status of
 * SPEC §5; it is the only code that prints fatal errors.
 */
#ifndef TS_CLI_H
#define TS_CLI_H

int ts_cli_main(int argc, char **argv);

#endif

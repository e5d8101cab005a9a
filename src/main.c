/* main.c — entry point; everything else is in cli.c. */
#include "ts_cli.h"

int
main(int argc, char **argv)
{
	return ts_cli_main(argc, argv);
}

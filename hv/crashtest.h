/* Deliberate failures on request (command line crashtest=KIND), so the
 * panic path, the read-only image mapping and the stack guard pages are
 * tested the way they would fail for real. */
#ifndef HV_CRASHTEST_H
#define HV_CRASHTEST_H

/* Does nothing for an empty kind; warns for an unknown one. */
void crashtest_run(const char *kind);

#endif

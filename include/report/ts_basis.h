/* ts_basis.h — period or cohort basis for case lists.
 *
 * A case list row is one investigation, dated by its opening, with its
 * outcome and the date it closed.  On the cohort basis (the default) each
 * period counts the outcomes of the cases opened in it.  On the period
 * basis (--basis period) a conviction counts in the period of its closed
 * date while investigations stay in the period they were opened: the
 * ratio of different cases that published yearly tables give.  The
 * grouping in group.c moves each conviction (a convicted case with a
 * closed date, grouped along a period field or filtered by --period).
 */
#ifndef TS_BASIS_H
#define TS_BASIS_H

#include "ts_report.h"

/* 1 when --by includes a period field (year, quarter, month, ...). */
int ts_basis_any_period(const struct ts_report_options *opt);

/* Whether count c of a record counts on this visit (pass 0: the record's
 * own period; pass 1: its closed date): a moved record's conviction counts
 * on the second visit, its other counts on the first. */
int ts_basis_here(int moved, int pass, size_t c);

#endif

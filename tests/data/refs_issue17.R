# refs_issue17.R — R reference values for the many-comparisons, exact-test,
# dispersion and cumulative-incidence figures (docs/methods.md).
#
# Made with R 4.2.2 and survival 3.5-3 (Debian r-base-core, r-cran-survival):
#   cd tests/data && Rscript refs_issue17.R
# It writes adjust.csv, exact.csv, funnel.csv and cuminc.csv.  R is not a
# test dependency: the unit tests read the stored CSV files.  Doubles are
# printed with 17 significant digits; an undefined value as NaN.
options(digits = 17)
set.seed(20261201)
f17 <- function(x) ifelse(is.na(x), "NaN", sprintf("%.17g", x))

## adjust.csv: set,method,i,p,adjusted — p.adjust on sets of p-values,
## with ties, NaN entries (R's NA, not counted), ones and tiny values.
sets <- list(
  c(0.01, 0.02, 0.03, 0.04, 0.05),
  c(0.04, 0.01, 0.04, 0.2, 1e-10, 0.5),
  c(0.3, NA, 0.001, 0.049),
  c(1, 1, 0.9),
  c(0.0001),
  runif(12)^3,
  c(2.5e-300, 0.7, 0.012, 0.012, 0.012, 0.33, 0.04)
)
rows <- c("set,method,i,p,adjusted")
for (s in seq_along(sets)) for (m in c("holm", "BH")) {
  a <- p.adjust(sets[[s]], method = m)
  for (i in seq_along(a))
    rows <- c(rows, paste(s, tolower(m), i, f17(sets[[s]][i]), f17(a[i]), sep = ","))
}
writeLines(rows, "adjust.csv")

## exact.csv: case,k,n,scores,fisher_p,exact_trend_p,trend_chisq,trend_p
## fisher_p is fisher.test on the m x 2 table; exact_trend_p enumerates
## every table with the observed margins (prod choose(n_i, k_i) /
## choose(N, K)) and adds those with |T - E T| >= |t - E T| (1 - 1e-7),
## T = sum k_i s_i; trend_* is prop.trend.test(k, n, score = scores).
exact_trend <- function(k, n, s) {
  K <- sum(k); N <- sum(n)
  grid <- as.matrix(expand.grid(lapply(n, function(x) 0:x)))
  grid <- grid[rowSums(grid) == K, , drop = FALSE]
  lp <- apply(grid, 1, function(x) sum(lchoose(n, x))) - lchoose(N, K)
  t <- grid %*% s
  e <- K * sum(n * s) / N
  obs <- abs(sum(k * s) - e)
  sum(exp(lp[abs(t - e) >= obs * (1 - 1e-7)]))
}
cases <- list(
  list(k = c(0, 1, 4), n = c(5, 6, 7), s = c(2013, 2015, 2016)),
  list(k = c(2, 3, 1, 0), n = c(8, 9, 7, 6), s = c(2010, 2011, 2012, 2013)),
  list(k = c(1, 0, 2), n = c(3, 4, 5), s = c(1, 2, 3)),
  list(k = c(5, 5, 5), n = c(6, 6, 6), s = c(2000, 2001, 2004)),
  list(k = c(0, 0, 3, 6), n = c(4, 5, 6, 7), s = c(1, 2, 3, 4)),
  list(k = c(1, 2, 3, 4, 2), n = c(5, 5, 6, 6, 5), s = c(2010, 2011, 2012, 2014, 2015)),
  list(k = c(3, 1), n = c(10, 12), s = c(2015, 2016)),
  list(k = c(7, 2, 9), n = c(9, 8, 10), s = c(2012, 2013, 2014))
)
rows <- c("case,k,n,scores,fisher_p,exact_trend_p,trend_chisq,trend_p")
for (c in seq_along(cases)) {
  x <- cases[[c]]
  fp <- fisher.test(cbind(x$k, x$n - x$k))$p.value
  et <- exact_trend(x$k, x$n, x$s)
  pt <- suppressWarnings(prop.trend.test(x$k, x$n, score = x$s))
  rows <- c(rows, paste(c, paste(x$k, collapse = ";"), paste(x$n, collapse = ";"),
    paste(x$s, collapse = ";"), f17(fp), f17(et), f17(pt$statistic), f17(pt$p.value), sep = ","))
}
writeLines(rows, "exact.csv")

## cuminc.csv: case,days,status,at,estimate,std_err,low,high,median
## survfit(Surv(days, factor(status, 0:2)) ~ 1) (Aalen-Johansen, the
## infinitesimal jackknife standard error, conf.type "log", 95%):
## the conviction state (status 1; 2 is acquittal or dismissal, 0 open)
## at `at` days, and the first time its curve reaches 0.5 (NaN: not
## reached; survival's quantile() refuses multi-state fits, so this is
## min(fit$time[fit$pstate[, state] >= 0.5])).
library(survival)
cif_cases <- list()
for (c in 1:6) {
  n <- c(12, 25, 40, 60, 8, 150)[c]
  days <- sample(0:900, n, replace = TRUE)
  if (c == 5) days <- c(10, 10, 20, 20, 30, 40, 40, 50)
  status <- sample(0:2, n, replace = TRUE, prob = c(0.3, 0.45, 0.25))
  if (c == 6) status <- sample(0:2, n, replace = TRUE, prob = c(0.1, 0.7, 0.2))
  cif_cases[[c]] <- list(days = days, status = status)
}
rows <- c("case,days,status,at,estimate,std_err,low,high,median")
for (c in seq_along(cif_cases)) {
  x <- cif_cases[[c]]
  fit <- survfit(Surv(x$days, factor(x$status, 0:2)) ~ 1)
  st <- which(fit$states == "1")
  reach <- fit$time[fit$pstate[, st] >= 0.5 - 1e-12]
  mq <- if (length(reach)) min(reach) else NA
  for (at in c(30, 180, 365, 730)) {
    s <- summary(fit, times = at, extend = TRUE)
    rows <- c(rows, paste(c, paste(x$days, collapse = ";"), paste(x$status, collapse = ";"),
      at, f17(s$pstate[, st]), f17(s$std.err[, st]), f17(s$lower[, st]),
      f17(s$upper[, st]), f17(unname(mq)), sep = ","))
  }
}
writeLines(rows, "cuminc.csv")

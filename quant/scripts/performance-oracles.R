# Regenerates the PerformanceAnalytics golden files for return series with blank periods:
#   quant/test/fixtures/inputs/managers.csv          PA's `managers` data set, blanks as empty cells
#   quant/test/fixtures/inputs/managers-gaps.csv     derived: inner and trailing blanks (see below)
#   quant/test/fixtures/oracles/performance/<NAME>.csv + <NAME>.manifest.json
#
# R is used only here, to regenerate golden files; nothing in Bullpen runs R. Usage (from the repo root):
#   Rscript quant/scripts/performance-oracles.R
# It needs R (Debian bookworm: r-base-core 4.2.2, r-cran-xts, r-cran-zoo, r-cran-quadprog) and
# PerformanceAnalytics 2.1.0 built from its source (git c079aea1, `R CMD INSTALL <source dir>`),
# the same build ORACLES.md §4 names. Before writing anything it re-evaluates the calls of the shared
# HAM1.csv oracle and stops unless every value matches to the last bit, so a different PA build cannot
# silently produce different golden files.
suppressPackageStartupMessages(library(PerformanceAnalytics))
data(managers)

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
fixtures <- normalizePath(file.path(here, "..", "test", "fixtures"))
inputs_dir <- file.path(fixtures, "inputs")
oracle_dir <- file.path(fixtures, "oracles", "performance")

# One number as text: 15 significant digits, 17 where 15 would not parse back to the same double.
num <- function(x) {
  vapply(x, function(v) {
    if (is.na(v)) return("")
    s <- formatC(v, digits = 15, format = "g")
    if (as.numeric(s) != v) s <- formatC(v, digits = 17, format = "g")
    trimws(s)
  }, "")
}
csv_field <- function(s) if (grepl("[\",]", s)) paste0("\"", gsub("\"", "\"\"", s), "\"") else s

write_input <- function(x, file) {
  cols <- lapply(seq_len(ncol(x)), function(j) num(as.numeric(x[, j])))
  lines <- c(
    paste(c("date", vapply(colnames(x), csv_field, "")), collapse = ","),
    vapply(seq_len(nrow(x)), function(i) {
      paste(c(format(index(x)[i], "%Y-%m-%d"), vapply(cols, `[`, "", i)), collapse = ",")
    }, "")
  )
  writeLines(lines, file)
  back <- read.csv(file, check.names = FALSE, colClasses = c("character", rep("numeric", ncol(x))))
  for (j in seq_len(ncol(x))) stopifnot(identical(as.numeric(x[, j]), back[[j + 1]]))
}

# The calls of HAM1.csv, then further methods the harness maps (gaussian/modified VaR and ES,
# arithmetic drawdown). Each is evaluated with Ra, Rb and Rf bound to one-column xts series.
calls <- c(
  "Return.annualized(Ra, scale = 12)  # geometric = TRUE",
  "Return.annualized(Ra, scale = 12, geometric = FALSE)",
  "StdDev.annualized(Ra, scale = 12)",
  "SharpeRatio.annualized(Ra, Rf = Rf, scale = 12, geometric = TRUE)",
  "SharpeRatio.annualized(Ra, Rf = Rf, scale = 12, geometric = FALSE)  # PA 2.1.0 default",
  "SharpeRatio(Ra, Rf = Rf, FUN = 'StdDev')  # per month, not annualised",
  "SortinoRatio(Ra, MAR = 0)",
  "DownsideDeviation(Ra, MAR = 0)  # method = 'full'",
  "DownsideDeviation(Ra, MAR = 0, method = 'subset')",
  "SortinoRatio(Ra, MAR = 0.005)",
  "DownsideDeviation(Ra, MAR = 0.005)  # method = 'full'",
  "DownsideDeviation(Ra, MAR = 0.005, method = 'subset')",
  "maxDrawdown(Ra)  # geometric = TRUE, positive number",
  "CalmarRatio(Ra, scale = 12)",
  "VaR(Ra, p = 0.95, method = 'historical')",
  "ES(Ra, p = 0.95, method = 'historical')",
  "ActivePremium(Ra, Rb, scale = 12)",
  "TrackingError(Ra, Rb, scale = 12)",
  "InformationRatio(Ra, Rb, scale = 12)",
  "CAPM.beta(Ra, Rb, Rf = Rf, digits = NULL)",
  "CAPM.alpha(Ra, Rb, Rf = Rf, digits = NULL)  # per month",
  "Omega(Ra, L = 0, method = 'simple')",
  "UlcerIndex(Ra)",
  "PainIndex(Ra)",
  "skewness(Ra)  # method = 'moment'",
  "skewness(Ra, method = 'sample')",
  "skewness(Ra, method = 'fisher')",
  "kurtosis(Ra)  # method = 'excess'",
  "kurtosis(Ra, method = 'moment')",
  "kurtosis(Ra, method = 'sample_excess')"
)
extra_calls <- c(
  "VaR(Ra, p = 0.95, method = 'gaussian')",
  "VaR(Ra, p = 0.95, method = 'modified')",
  "ES(Ra, p = 0.95, method = 'gaussian')",
  "maxDrawdown(Ra, geometric = FALSE)",
  "SharpeRatio.annualized(Ra, scale = 12)  # Rf = 0",
  "CAPM.beta(Ra, Rb, digits = NULL)  # Rf = 0"
)

evaluate_calls <- function(calls, Ra, Rb, Rf) {
  env <- new.env()
  assign("Ra", Ra, env)
  assign("Rb", Rb, env)
  assign("Rf", Rf, env)
  vapply(calls, function(cl) {
    v <- suppressWarnings(eval(parse(text = cl), env))
    v <- as.numeric(v)
    if (length(v) != 1 || !is.finite(v)) stop("call did not give one finite number: ", cl)
    v
  }, 0)
}

# Sanity check: this build reproduces the shared HAM1 oracle exactly.
ham1 <- read.csv(file.path(oracle_dir, "HAM1.csv"), stringsAsFactors = FALSE, colClasses = c("character", "character", "numeric"))
col <- function(x, name) x[, name, drop = FALSE]
ham1_values <- evaluate_calls(ham1$call, col(managers, "HAM1"), col(managers, "SP500 TR"), col(managers, "US 3m TR"))
if (!identical(unname(ham1_values), ham1$value)) {
  bad <- which(unname(ham1_values) != ham1$value)
  stop("this PerformanceAnalytics build does not reproduce HAM1.csv: ", paste(ham1$call[bad], collapse = "; "))
}
cat("HAM1.csv reproduced bit for bit (", length(ham1_values), " values)\n", sep = "")

# Inputs. managers.csv is the whole data set (HAM2, HAM5, HAM6 and EDHEC start with blanks).
write_input(managers, file.path(inputs_dir, "managers.csv"))

# managers-gaps.csv: HAM1 with blanks inside and at the end, the S&P 500 with blanks where HAM1 has
# values (so the fund and the benchmark disagree on which months exist), the 3-month rate with an
# inner blank (PA carries the last rate forward).
gaps <- managers[, c("HAM1", "SP500 TR", "US 3m TR")]
colnames(gaps) <- c("HAM1 gaps", "SP500 gaps", "US 3m gaps")
gaps[c(1:3, 40:42, 77, 130:132), "HAM1 gaps"] <- NA
gaps[c(2, 20, 21, 60), "SP500 gaps"] <- NA
gaps[c(50, 51), "US 3m gaps"] <- NA
write_input(gaps, file.path(inputs_dir, "managers-gaps.csv"))

blank_runs <- function(x) {
  v <- is.na(as.numeric(x))
  n <- length(v)
  lead <- if (all(v)) n else which(!v)[1] - 1
  trail <- if (all(v)) 0 else n - max(which(!v))
  list(leading = lead, trailing = trail, inner = sum(v) - lead - trail)
}

oracle <- function(name, data, input, fund, benchmark, rf, note) {
  Ra <- col(data, fund)
  Rb <- col(data, benchmark)
  Rf <- col(data, rf)
  all_calls <- c(calls, extra_calls)
  values <- evaluate_calls(all_calls, Ra, Rb, Rf)
  fns <- sub("\\(.*$", "", all_calls)
  lines <- c(
    "function,call,value",
    sprintf("%s,%s,%s", fns, vapply(all_calls, csv_field, ""), sprintf("%.17g", values))
  )
  writeLines(lines, file.path(oracle_dir, paste0(name, ".csv")))
  # The input's bytes as written (LF line ends), so the checksum can be verified anywhere.
  input_path <- file.path(inputs_dir, input)
  sha <- system2("sha256sum", input_path, stdout = TRUE)
  manifest <- c(
    "{",
    sprintf('  "PerformanceAnalytics": "%s",', as.character(packageVersion("PerformanceAnalytics"))),
    '  "source": "PerformanceAnalytics git c079aea1, built with R CMD INSTALL",',
    sprintf('  "r": "%s",', R.version.string),
    '  "generator": "quant/scripts/performance-oracles.R",',
    sprintf('  "input": "%s",', input),
    sprintf('  "input_sha256": "%s",', sub(" .*$", "", sha)),
    sprintf('  "fund": "%s",', fund),
    sprintf('  "benchmark": "%s",', benchmark),
    sprintf('  "rf": "%s",', rf),
    sprintf('  "months": %d,', nrow(data)),
    sprintf('  "first_month": "%s",', format(start(data))),
    sprintf('  "last_month": "%s",', format(end(data))),
    sprintf('  "blanks": { "fund": %s, "benchmark": %s, "rf": %s },',
      blank_json(blank_runs(Ra)), blank_json(blank_runs(Rb)), blank_json(blank_runs(Rf))),
    sprintf('  "note": "%s"', note),
    "}"
  )
  writeLines(manifest, file.path(oracle_dir, paste0(name, ".manifest.json")))
  cat(name, ": ", length(values), " values\n", sep = "")
}
blank_json <- function(b) sprintf('{ "leading": %d, "inner": %d, "trailing": %d }', b$leading, b$inner, b$trailing)

oracle("HAM5", managers, "managers.csv", "HAM5", "SP500 TR", "US 3m TR",
  "HAM5 starts 55 months after its benchmark: leading blanks")
oracle("HAM6", managers, "managers.csv", "HAM6", "EDHEC LS EQ", "US 3m TR",
  "fund (68 leading blanks) and benchmark (12 leading blanks) both start late")
oracle("HAM1-gaps", gaps, "managers-gaps.csv", "HAM1 gaps", "SP500 gaps", "US 3m gaps",
  "leading, inner and trailing blanks in the fund; inner blanks in the benchmark and the rate")

#!/usr/bin/env python3
"""The MS Treatment Guide's build script: checks everything, then builds every output.

    scripts/build.py check      all checks, no outputs
    scripts/build.py build      checks, then every output into dist/ (the default)
    scripts/build.py review PAGE --by "Name, role" [--date YYYY-MM-DD] [--recorded-by ACCOUNT]
                                records a reviewer's sign-off in the page
    scripts/build.py translated PAGE --lang es --by "Name, role" [--method person|machine-checked] [--date D]
                                records in a translation the text of PAGE it was made from
    scripts/build.py reviews [--today D] [--out DIR]
                                the review schedule: reviews.csv and reviews.ics

Exit codes: 0 all good (warnings allowed unless --strict), 1 content problems found,
2 usage or configuration error (bad option, broken mkdocs.yml, missing tool, or a theme
upgrade that a workaround no longer fits: one line starting 'theme-drift:').
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from guide.build import Build
from guide.checks import external
from guide.errors import ConfigError, EnvironmentProblem, GuideError
from guide.github import changes
from guide.github.annotations import github_command, step_summary, touched_lines
from guide.governance import signoff
from guide.mkdocs_run import load, run_build, run_check
from guide.outputs import assemble as outputs
from guide.outputs import publish, schedule
from guide.problems import did_you_mean
from guide.report import BuildReport, print_problems, print_summary
from guide.settings import RunOptions
from guide.speed import PAGES_PER_PROCESS
from guide.translations.command import follow_source_on_sign_off, run_translated
from rich.console import Console
from rich.progress import Progress

ROOT = Path(__file__).resolve().parent.parent

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def iso_date(text: str) -> dt.date:
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write it as YYYY-MM-DD") from None


def positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of 1 or more")
    return int(text)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="scripts/build.py",
        description=__doc__.split("\n\n")[0],
        epilog="Exit codes: 0 all good, 1 content problems found, 2 usage or configuration error.",
    )
    parser.add_argument(
        "command", nargs="?", choices=("build", "check", "review", "reviews", "translated"), default="build"
    )
    parser.add_argument("page", nargs="?", help="review: the page signed off, e.g. relapses.md")
    # The same as an option: --page=NAME takes any name, even one that starts with '-'.
    parser.add_argument("--page", dest="page_option", metavar="PAGE", help="review: the page, as an option")
    parser.add_argument("--by", help='review: who signed off, "Name, role"')
    parser.add_argument(
        "--recorded-by",
        default=None,
        help="review: the GitHub account that recorded the sign-off for the reviewer (the sign-off workflow)",
    )
    parser.add_argument(
        "--date", type=iso_date, default=None, help="review: the date of the sign-off, YYYY-MM-DD (default: today)"
    )
    # issue 26: the translated command
    parser.add_argument("--lang", default=None, help="translated: the translation's language, e.g. es")
    parser.add_argument(
        "--method",
        default="person",
        help="translated: how it was translated: person (default) or machine-checked (by machine, then checked by a person)",
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="reviews: the folder for reviews.csv and reviews.ics (default: dist/)"
    )
    parser.add_argument(
        "--today", type=iso_date, default=None, help="the date review checks use, YYYY-MM-DD (default: today)"
    )
    parser.add_argument("--external", action="store_true", help="also check external links")
    parser.add_argument(
        "--no-pdf", action="store_true", help="build: every output but the PDFs (a quick look at the outputs)"
    )
    parser.add_argument("--strict", action="store_true", help="warnings become errors")
    parser.add_argument(
        "--report", type=Path, default=None, help="where to write the JSON report (default: dist/report.json)"
    )
    parser.add_argument(
        "--config-file", type=Path, default=ROOT / "mkdocs.yml", help="the MkDocs configuration (default: mkdocs.yml)"
    )
    parser.add_argument("--dist", type=Path, default=None, help="the output folder (default: dist/ beside mkdocs.yml)")
    parser.add_argument(
        "--format",
        choices=("text", "github", "json"),
        default="github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text",
        help="how problems are printed: text, github (annotations on the changed lines, "
        "and the run's summary; the default on GitHub Actions) or json",
    )
    parser.add_argument(
        "--changed-files",
        type=Path,
        default=None,
        help="the files a pull request changes (as git diff --name-only -z writes them): the run's "
        "summary says whether it touches code or configuration",
    )
    parser.add_argument(
        "--jobs",
        type=positive_int,
        default=None,
        help="processes that share the pages of a check (default: one per "
        f"processor, for every {PAGES_PER_PROCESS} pages)",
    )
    args = parser.parse_args(argv)
    if args.page is not None and args.page_option is not None:
        parser.error("give the page once: as a name or as --page")
    args.page = args.page if args.page is not None else args.page_option
    if args.command == "review" and (not args.page or args.by is None):
        parser.error('review needs the page and the reviewer: review relapses.md --by "Name, role"')
    if args.command == "translated" and (not args.page or args.by is None or not args.lang):
        parser.error(
            'translated needs the page, the language and the translator: translated relapses.md --lang es --by "Name, role"'
        )
    if args.command == "translated" and args.recorded_by is not None:
        parser.error("--recorded-by goes with the review command only")
    if args.command not in ("review", "translated") and (
        args.page or args.by is not None or args.date or args.recorded_by is not None
    ):
        parser.error("a page, --by, --recorded-by and --date go with the review command only")
    if args.command != "translated" and (args.lang is not None or args.method != "person"):
        parser.error("--lang and --method go with the translated command only")
    if args.out and args.command != "reviews":
        parser.error("--out goes with the reviews command only")
    if args.no_pdf and args.command != "build":
        parser.error("--no-pdf goes with the build command only")
    return args


def check_external(session: Build, report: BuildReport, cache_dir: Path, user_agent: str) -> None:
    settings = session.settings.external
    options = external.LinkCheckOptions(
        timeout_seconds=settings.timeout_seconds,
        retries=settings.retries,
        per_host=settings.per_host,
        concurrency=settings.concurrency,
        cache_max_age_hours=settings.cache_max_age_hours,
        ignore_hosts=tuple(settings.ignore_hosts),
        allow_private_hosts=tuple(settings.allow_private_hosts),
        user_agent=user_agent,
    )
    cache = external.LinkCache(cache_dir / "external-links.json", options.cache_max_age_hours)
    urls = list(session.external_links)
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("Checking external links", total=len(urls))
        result = external.check_external_links(urls, options, cache, on_done=lambda: progress.advance(task))
    for url, link in result.results.items():
        session.add(external.problems_for(link, session.external_links[url]))
    report.links.external_checked = True
    report.links.external_requests = result.requests_made
    report.links.external_from_cache = result.from_cache
    report.links.external_ignored = len(result.ignored)


def config_path(path: Path) -> Path:
    """The configuration file, or a usage error that says what is wrong with the option."""
    if not path.exists():
        raise ConfigError(f"--config-file {path}: no such file. Give the path of the guide's mkdocs.yml.")
    if not path.is_file():
        raise ConfigError(
            f"--config-file {path}: this is a folder, not a file. Give the path of the guide's mkdocs.yml."
        )
    return path.resolve()


def guard_outputs(args: argparse.Namespace, config_file: Path, dist: Path, option: str = "--dist"):
    """Refuse an output path that would delete or overwrite something the build did not make.
    Returns the configuration it loaded to know the sources."""
    config = load(config_file)
    theme_dir = config["theme"].custom_dir
    protected = publish.protected_folders(
        config_file.parent, Path(config["docs_dir"]), Path(theme_dir) if theme_dir else None
    )
    publish.refuse_dist(dist, config_file.parent, protected, option)
    if args.report:
        publish.refuse_report(args.report, config_file.parent, protected)
    return config


def tell(report: BuildReport, form: str, console: Console, touched: list[str] | None = None) -> None:
    """The problems and the summary, as text, as GitHub annotations (with the run's summary,
    which lists every problem: GitHub shows only 10 annotations of each kind, and what the
    change touches), or as JSON."""
    if form == "json":
        console.out(json.dumps(report.as_dict(), indent=2), highlight=False)
        return
    if form == "text":
        print_problems(report, console)
        print_summary(report, console)
        return
    for problem in report.problems:
        console.out(github_command(problem), highlight=False)
    print_summary(report, console)
    if summary_file := os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(summary_file, "a", encoding="utf-8") as summary:
            summary.write(step_summary(report.as_dict(), touched) + "\n")


def run_review(args: argparse.Namespace, console: Console) -> int:
    """Record a sign-off: the page's review dates and its review history, nothing else."""
    config_file = config_path(args.config_file)
    config = load(config_file)
    docs = Path(config["docs_dir"])
    page = review_page(docs, config_file.parent, args.page)
    today = args.today or dt.date.today()
    shown = page.relative_to(config_file.parent).as_posix()
    entry = signoff.sign_off_file(
        page, args.by, args.date or today, today, shown_as=shown, recorded_by=args.recorded_by
    )
    recorded = f" (recorded by {entry.recorded_by})" if entry.recorded_by else ""
    console.print(
        f"{shown}: signed off by {entry.reviewed_by} on {entry.date}{recorded}. "
        "Commit the page to publish the new review date."
    )
    # issue 26: a translation signed off was checked against its English page as it is now
    if followed := follow_source_on_sign_off(config, config_file, page, today):
        console.print(followed)
    return EXIT_OK


def review_page(docs: Path, project: Path, name: str) -> Path:
    """A page of docs/ by its name ('relapses.md', 'relapses' or 'docs/relapses.md')."""
    candidates = [docs / name, docs / f"{name}.md", project / name]
    for candidate in candidates:
        if (
            candidate.suffix == ".md"
            and candidate.is_file()
            and not candidate.is_symlink()
            and candidate.resolve().is_relative_to(docs.resolve())
        ):
            return candidate
    pages = [p.relative_to(docs).as_posix() for p in docs.rglob("*.md")]
    raise ConfigError(
        f"{name}: there is no such page in {docs.name}/."
        + did_you_mean(name, pages)
        + " Give the page's file name, e.g. relapses.md."
    )


def run_reviews(args: argparse.Namespace, console: Console) -> int:
    """The review schedule, from a check of every page."""
    config_file = config_path(args.config_file)
    out = (args.out or config_file.parent / "dist").resolve()
    config = guard_outputs(args, config_file, out, option="--out")
    options = RunOptions(today=args.today, strict=args.strict)
    with publish.BuildLock(out):
        staging = publish.staging_dir(out)
        try:
            session = run_check(config_file, staging / "site", options, args.jobs)
        finally:
            publish.discard(staging)
    publish.claim(out)
    written = write_review_schedule(session, config, out)
    console.print(f"Wrote {', '.join(written)} in {out}.")
    return EXIT_OK


def write_review_schedule(session: Build, config, folder: Path) -> list[str]:
    """reviews.csv and reviews.ics: every clinical page, its reviewer and when it is due (a page
    without clinical content needs no clinical review)."""
    site_url = (config.get("site_url") or "").rstrip("/") + "/"
    rows = [
        schedule.schedule_row(
            page.path,
            page.title,
            site_url + page.url,
            page.review,
            session.today,
            page.changed_since_review,
            page.language,  # issue 26
        )
        for page in sorted(session.pages.values(), key=lambda p: p.path)
        if page.clinical
    ]
    schedule.write_csv(rows, folder / "reviews.csv")
    schedule.write_ics(rows, folder / "reviews.ics", config["site_name"], session.today)
    return ["reviews.csv", "reviews.ics"]


def run(args: argparse.Namespace, console: Console) -> int:
    try:
        return run_command(args, console)
    except OSError as err:  # outside a build's output folder: a page being signed off
        raise EnvironmentProblem(disk_message(err, Path(err.filename or ".").resolve())) from err


def run_command(args: argparse.Namespace, console: Console) -> int:
    if args.command == "review":
        return run_review(args, console)
    if args.command == "reviews":
        return run_reviews(args, console)
    if args.command == "translated":  # issue 26
        config_file = config_path(args.config_file)
        today = args.today or dt.date.today()
        console.print(
            run_translated(
                load(config_file), config_file, args.page, args.lang, args.by, args.method, args.date or today, today
            )
        )
        return EXIT_OK
    config_file = config_path(args.config_file)
    project = config_file.parent
    dist = (args.dist or project / "dist").resolve()
    options = RunOptions(today=args.today, strict=args.strict)
    config = guard_outputs(args, config_file, dist)
    if args.report:
        # make linkcheck writes its report into dist/: a folder made for a report is the build's.
        publish.claim(args.report.resolve().parent)
    try:
        with publish.BuildLock(dist):
            for notice in publish.recover(dist):
                print(notice, file=sys.stderr)
            return run_locked(args, console, config_file, config, dist, options)
    except OSError as err:
        raise EnvironmentProblem(disk_message(err, dist)) from err


def touched_by(changed_files: Path | None, config_file: Path, config) -> list[str] | None:
    """The summary's lines on what a pull request touches (None: not known)."""
    if changed_files is None:
        return None
    changed = changes.read_changed_files(changed_files)
    try:
        docs_dir = Path(config["docs_dir"]).resolve().relative_to(config_file.parent).as_posix()
    except ValueError:
        docs_dir = "docs"
    return touched_lines(changed, changes.code_or_configuration(changed, docs_dir))


def disk_message(err: OSError, dist: Path) -> str:
    """One line naming where the build could not write, and what to do."""
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"{dist.parent}: the disk is full ({err.strerror}). Free some space there, then run "
            "again; dist/ is as it was."
        )
    where = err.filename2 or err.filename or dist.parent
    if err.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return (
            f"{where}: the build cannot write here ({err.strerror}). Make the folder writable or choose another --dist."
        )
    return f"{where}: {err.strerror or err}. Check the disk and the folder, then run again."


def run_locked(
    args: argparse.Namespace, console: Console, config_file: Path, config, dist: Path, options: RunOptions
) -> int:
    staging = publish.staging_dir(dist)
    try:
        # check renders lean pages (linear in the number of pages); build renders the real theme,
        # and the offline copy in a second process meanwhile.
        if args.command == "check":
            session = run_check(config_file, staging / "site", options, args.jobs)
        else:
            with ProcessPoolExecutor(1) as second_process:
                # Without PDFs, nothing is added to the offline copy later: it is zipped there too.
                offline = second_process.submit(outputs.build_offline, config_file, staging, options, args.no_pdf)
                session = run_build(config_file, staging / "site", options, config)
                offline_session = offline.result()
        report = BuildReport(args.command, session.today, args.strict, session)
        report.links.internal_checked = session.internal_links_checked
        report.links.external_found = len(session.external_links)
        if args.external:
            check_external(session, report, config_file.parent / ".cache", external.user_agent(config["site_name"]))
        if args.command == "build" and not report.exit_code:
            report.outputs = outputs.build_all(config, staging, session, offline_session, pdfs=not args.no_pdf)
            report.outputs += write_review_schedule(session, config, staging)
        # A problem found while building the outputs fails the build too.
        tell(report, args.format, console, touched_by(args.changed_files, config_file, config))
        if args.report:
            report.write_json(args.report)
        if args.command == "check" or report.exit_code:
            return report.exit_code
        report.write_json(staging / "report.json")
        publish.publish(staging, dist)
        console.print(f"Built {len(report.outputs)} outputs in {dist}.", markup=False)
        return EXIT_OK
    finally:
        publish.discard(staging)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    # A fixed width off a terminal, so logs and tests see whole lines; problem lines verbatim
    # (no markup, no ':emoji:' codes, no colours guessed from their text).
    console = Console(highlight=False, markup=False, emoji=False, width=None if sys.stdout.isatty() else 140)
    try:
        return run(args, console)
    except GuideError as err:  # every error of the engine: one line, its own exit code
        print(err, file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("Stopped. dist/ is as it was before this run.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

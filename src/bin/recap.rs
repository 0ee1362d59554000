//! The `recap` command line: parse, call the core, print. No domain logic.

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use recap::progress::ProgressEvent;
use recap::{Cancel, ScanOptions, ScanReport};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "recap", version, about = "Turn a group trip's photo folders into a curated, captioned album")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scan photo folders (one sub-folder per participant) into the catalog.
    Scan {
        /// Folders to scan, recursively.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Cache folder holding the catalog (default: the user's cache folder).
        #[arg(long, value_name = "DIR")]
        cache: Option<PathBuf>,
        /// Print one JSON document on stdout instead of a summary.
        #[arg(long)]
        json: bool,
    },
    /// Write the built-in demo mission (six participants, Angers then Nantes) into DIR.
    Demo {
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan { paths, cache, json } => scan(paths, cache, json),
        Command::Demo { dir } => demo(dir),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("recap: {e}");
            ExitCode::FAILURE
        }
    }
}

fn cache_dir(cache: Option<PathBuf>) -> recap::Result<PathBuf> {
    cache.map_or_else(recap::catalog::default_cache_dir, Ok)
}

fn scan(paths: Vec<PathBuf>, cache: Option<PathBuf>, json: bool) -> recap::Result<ExitCode> {
    let opts = ScanOptions { roots: paths, cache_dir: cache_dir(cache)? };
    let bar = if !json && std::io::stderr().is_terminal() {
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} ({eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let on_progress = |ev: ProgressEvent| match ev {
        ProgressEvent::Walking { found } => bar.set_message(format!("{found} files found")),
        ProgressEvent::Reading { done, total } => {
            bar.set_length(total);
            bar.set_position(done);
            bar.set_message("reading");
        }
        ProgressEvent::Done { .. } => bar.finish_and_clear(),
    };
    let report = recap::scan(&opts, &on_progress, &Cancel::new())?;
    bar.finish_and_clear();

    if json {
        let mut out = std::io::stdout().lock();
        serde_json::to_writer(&mut out, &report).map_err(|e| recap::Error::Invalid(e.to_string()))?;
        let _ = writeln!(out);
    } else {
        print_summary(&report);
    }
    let readable = report.photos.len() + report.videos.len();
    if readable == 0 && !report.skipped.is_empty() {
        eprintln!("recap: none of the {} files found could be read", report.skipped.len());
        return Ok(ExitCode::FAILURE);
    }
    if readable == 0 {
        eprintln!("recap: no photos found");
    }
    Ok(ExitCode::SUCCESS)
}

fn print_summary(r: &ScanReport) {
    let mut per: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for p in r.photos.iter().chain(&r.videos) {
        *per.entry(&p.contributor).or_default().entry(p.format.name()).or_default() += 1;
    }
    println!(
        "{} photos, {} videos, {} skipped  (read {}, unchanged {}, removed {})",
        r.photos.len(),
        r.videos.len(),
        r.skipped.len(),
        r.stats.read,
        r.stats.reused,
        r.stats.removed
    );
    for (who, formats) in &per {
        let total: usize = formats.values().sum();
        let detail: Vec<String> = formats.iter().map(|(f, n)| format!("{n} {f}")).collect();
        println!("  {who:<24} {total:>6}   {}", detail.join(", "));
    }
    let warned: Vec<_> = r.photos.iter().filter(|p| !p.warnings.is_empty()).collect();
    if !warned.is_empty() {
        println!("\nWarnings:");
        for p in warned {
            println!("  {}: {}", p.path.display(), p.warnings.join("; "));
        }
    }
    if !r.skipped.is_empty() {
        println!("\nSkipped:");
        for s in &r.skipped {
            println!("  {}: {}", s.path.display(), s.reason);
        }
    }
}

fn demo(dir: PathBuf) -> recap::Result<ExitCode> {
    let summary = recap::demo::write_demo(&dir)?;
    println!(
        "Demo mission written to {}: {} photos from {} participants ({} broken files on purpose).",
        dir.display(),
        summary.photos,
        summary.participants.len(),
        summary.broken
    );
    println!("Scan it with: recap scan {}", dir.display());
    Ok(ExitCode::SUCCESS)
}

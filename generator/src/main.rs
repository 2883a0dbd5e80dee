//! The `dsguide` command line: a thin shell over the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use dsguide::serve::SiteServer;
use dsguide::{Config, Diagnostics, SiteSettings};

/// Builds the Distributed Systems Visual Guide from its Markdown content tree.
#[derive(Parser)]
#[command(name = "dsguide", version)]
struct Cli {
    /// The site root (holds site.yaml, content/ and themes/).
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into dist/.
    Build(BuildArgs),
    /// Run every check a build runs, without writing anything.
    Check(BuildArgs),
    /// Build, then serve the site on 127.0.0.1.
    Serve {
        #[command(flatten)]
        build: BuildArgs,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8000")]
        address: String,
    },
}

#[derive(clap::Args)]
struct BuildArgs {
    /// Serve under this path, e.g. /ds-guide/ (overrides base_url in site.yaml).
    #[arg(long)]
    base_url: Option<String>,
    /// Include draft pages.
    #[arg(long)]
    drafts: bool,
    /// Output folder [default: ROOT/dist].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Built widget modules [default: ROOT/target/widgets].
    #[arg(long)]
    widgets: Option<PathBuf>,
}

impl BuildArgs {
    fn config(&self, root: PathBuf) -> Config {
        let mut config = Config::new(root);
        config.base_url.clone_from(&self.base_url);
        config.drafts = self.drafts;
        if let Some(out) = &self.out {
            config.out_dir = out.clone();
        }
        if let Some(widgets) = &self.widgets {
            config.widgets_dir = widgets.clone();
        }
        config
    }
}

/// Exit codes: 0 ok, 1 content errors, 2 usage or environment errors (clap uses 2 as well).
const CONTENT_ERRORS: u8 = 1;
const ENVIRONMENT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => finish(dsguide::build(&args.config(cli.root)).map(|report| {
            eprint!("{}", report.warnings);
            eprintln!("built {} pages, {} files, {} KiB", report.pages, report.files, report.bytes / 1024);
        })),
        Command::Check(args) => finish(dsguide::check(&args.config(cli.root)).map(|warnings| {
            eprint!("{warnings}");
            eprintln!("no errors");
        })),
        Command::Serve { build, address } => {
            let config = build.config(cli.root);
            if let Err(diagnostics) = dsguide::build(&config) {
                return finish(Err(diagnostics));
            }
            let base_url = SiteSettings::load(&config).map(|settings| settings.base_url).unwrap_or_else(|_| "/".into());
            match SiteServer::bind(&address, &config.out_dir, &base_url) {
                Ok(server) => {
                    eprintln!("serving {} at {}", config.out_dir.display(), server.url());
                    server.run();
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::from(ENVIRONMENT_ERROR)
                }
            }
        }
    }
}

fn finish(result: Result<(), Diagnostics>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(diagnostics) => {
            eprint!("{diagnostics}");
            eprintln!("build failed: {} error(s)", diagnostics.error_count());
            ExitCode::from(CONTENT_ERRORS)
        }
    }
}

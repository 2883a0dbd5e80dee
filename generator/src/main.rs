//! The `dsguide` command line: a thin shell over the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use dsguide::live::{self, Reloader, Watcher};
use dsguide::serve::SiteServer;
use dsguide::{Config, Diagnostics, Session, SiteSettings};

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
    /// Start a module from the skeleton every module follows, e.g. `dsguide new algorithms/gossip`.
    New {
        /// SECTION/NAME: the section folder under content/ and the new file's name.
        module: String,
    },
    /// Build, serve the site on 127.0.0.1, and rebuild and reload open pages on every change.
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
            let mut config = build.config(cli.root);
            // Authors see their drafts while writing.
            config.drafts = true;
            serve(config, &address)
        }
        Command::New { module } => match dsguide::new_module(&Config::new(cli.root), &module) {
            Ok(path) => {
                eprintln!(
                    "created {} (a draft: `serve` shows it, `build` leaves it out until you remove `draft: true`)",
                    path.display()
                );
                ExitCode::SUCCESS
            }
            Err(diagnostic) => {
                eprint!("{diagnostic}");
                ExitCode::from(ENVIRONMENT_ERROR)
            }
        },
    }
}

/// Builds, serves, and rebuilds on every change with open pages reloading; a failed build
/// shows its diagnostics in the terminal and over the open pages, and serving goes on.
fn serve(config: Config, address: &str) -> ExitCode {
    let reloader = Reloader::new();
    let mut session = Session::new(config.clone());
    let mut build = move || {
        session.build().map(|report| eprint!("{}", report.warnings)).map_err(|diagnostics| diagnostics.to_string())
    };
    if let Err(diagnostics) = build() {
        eprint!("{diagnostics}");
        reloader.failed(diagnostics);
    }
    let base_url = match SiteSettings::load(&config) {
        Ok(settings) => settings.base_url,
        Err(diagnostic) => return finish(Err(Diagnostics(vec![diagnostic]))),
    };
    let server = match SiteServer::bind(address, &config.out_dir, &base_url) {
        Ok(server) => server.with_live_reload(reloader.clone()),
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(ENVIRONMENT_ERROR);
        }
    };
    eprintln!("serving {} at {} (rebuilds and reloads on change)", config.out_dir.display(), server.url());
    let mut watched = live::site_sources(&config);
    watched.push(config.widgets_dir.clone());
    live::serve_and_rebuild(server, reloader, Watcher::new(watched), |_| build())
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

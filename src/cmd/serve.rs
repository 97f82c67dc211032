//! `clic serve`: VERIFICA as a page on the user's own computer.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use super::{EXIT_OK, context, pool};
use crate::cli::ServeArgs;
use crate::error::Fatal;
use crate::i18n::Lang;
use crate::report::serve::{self as words, Renderer};
use crate::serve::http::HttpLimits;
use crate::serve::{Server, Settings};

pub fn run(args: ServeArgs, lang: Lang) -> Result<u8, Fatal> {
    let ctx = context(&args.check, lang)?;
    let workers = pool(args.check.jobs)?;
    let ip = args.indirizzo.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let settings = Settings {
        address: SocketAddr::new(ip, args.porta),
        max_checks: usize::from(args.max_verifiche),
        // The page loads two reports at once (the frame's HTML and the
        // table's JSON): two renders for each check that may run.
        max_renders: 2 * usize::from(args.max_verifiche),
        http: HttpLimits::from_env(|name| std::env::var(name).ok()),
        lang,
    };
    let server = Server::bind(settings, ctx, workers, Box::new(Renderer)).map_err(Fatal::Serve)?;
    if !server.address().ip().is_loopback() {
        eprintln!("{}", words::not_loopback(&server.address().to_string(), lang));
    }
    let url = server.url();
    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "{}", words::listening(&url, lang));
    let _ = stdout.flush();
    let stopper = server.stopper();
    // Without a handler Ctrl-C would still end the process; with it the
    // server leaves its loop and says so.
    let _ = ctrlc::set_handler(move || stopper.stop());
    if args.apri && open_browser(&url).is_err() {
        eprintln!("{}", words::browser_failed(&url, lang));
    }
    server.run();
    eprintln!("{}", words::stopped(lang));
    Ok(EXIT_OK)
}

/// The system's way of opening an address in the default browser.
fn open_browser(url: &str) -> std::io::Result<()> {
    let mut command = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
}

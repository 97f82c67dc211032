//! `clic serve`: the portal's VERIFICA as a page on the user's own
//! computer. A small synchronous HTTP server (tiny_http) answers the page,
//! takes uploads into memory, checks them with the same engine and
//! context as `clic verify`, and serves the reports. Words and report
//! formats come from `report/` through [`Render`], so that this module
//! stays below it.
//!
//! Security of a local server: it binds loopback unless told otherwise,
//! refuses a Host that is not the served address (DNS rebinding), accepts
//! uploads only with the token of this start's page and from its origin,
//! bounds the body size and the checks running at once, and forbids every
//! other origin with a Content-Security-Policy.

pub mod guard;
pub mod runs;
pub mod upload;

use std::io::{self, Cursor};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tiny_http::{Header, Method, Request, Response};

use crate::checks::Context;
use crate::engine::Outcome;
use crate::i18n::Lang;
use guard::{Guard, Refusal, TOKEN_HEADER};
use runs::{Run, Runs, Slots, State};
use upload::UploadError;

const PAGE: &str = include_str!("assets/pagina.html");
const SCRIPT: &str = include_str!("assets/pagina.js");
const STYLE: &str = include_str!("assets/pagina.css");

/// The page and its assets may load nothing from another origin.
const PAGE_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; frame-src 'self'; form-action 'none'; \
     base-uri 'none'; frame-ancestors 'none'";
/// The HTML report is one self-contained page with inline style and
/// script; in the page's frame it may still reach nothing at all.
const REPORT_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; \
     script-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'; \
     frame-ancestors 'self'";

/// The report formats the page offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Download {
    Html,
    Xlsx,
    Csv,
    Json,
}

impl Download {
    fn from_extension(ext: &str) -> Option<Download> {
        match ext {
            "html" => Some(Download::Html),
            "xlsx" => Some(Download::Xlsx),
            "csv" => Some(Download::Csv),
            "json" => Some(Download::Json),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Download::Html => "html",
            Download::Xlsx => "xlsx",
            Download::Csv => "csv",
            Download::Json => "json",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Download::Html => "text/html; charset=utf-8",
            Download::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Download::Csv => "text/csv; charset=utf-8",
            Download::Json => "application/json",
        }
    }
}

/// Why a request got no answer but an error (a 4xx, or 503 when busy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Refused(Refusal),
    Upload(UploadError),
    /// `max` checks are running already.
    Busy {
        max: usize,
    },
    NotFound,
    MethodNotAllowed,
    /// The check stopped on a bug (the run has no report).
    CheckFailed,
}

impl Problem {
    pub fn status(&self) -> u16 {
        match self {
            Problem::Refused(_) => 403,
            Problem::Upload(UploadError::TooLarge { .. } | UploadError::TooManyFiles { .. }) => 413,
            Problem::Upload(UploadError::NotMultipart) => 415,
            Problem::Upload(_) => 400,
            Problem::Busy { .. } => 503,
            Problem::NotFound => 404,
            Problem::MethodNotAllowed => 405,
            Problem::CheckFailed => 500,
        }
    }

    /// A stable key for programs (the page, tests).
    pub fn key(&self) -> &'static str {
        match self {
            Problem::Refused(Refusal::Host(_)) => "host",
            Problem::Refused(Refusal::Origin(_)) => "origin",
            Problem::Refused(Refusal::Token) => "token",
            Problem::Upload(UploadError::TooLarge { .. }) => "too-large",
            Problem::Upload(UploadError::TooManyFiles { .. }) => "too-many-files",
            Problem::Upload(UploadError::NotMultipart) => "not-multipart",
            Problem::Upload(UploadError::Malformed(_)) => "malformed",
            Problem::Upload(UploadError::NoFiles) => "no-files",
            Problem::Upload(UploadError::Read(_)) => "read",
            Problem::Busy { .. } => "busy",
            Problem::NotFound => "not-found",
            Problem::MethodNotAllowed => "method",
            Problem::CheckFailed => "check-failed",
        }
    }
}

/// What the server needs from `report/`: words and renderers.
pub trait Render: Send + Sync {
    /// The page's words in both languages, as a JSON object
    /// `{"it": {key: text}, "en": {...}}`.
    fn page_words(&self) -> String;
    /// A problem, said in `lang`.
    fn problem(&self, problem: &Problem, lang: Lang) -> String;
    /// A report of `outcome`; `sources` gives the HTML report each file's text.
    fn report(
        &self,
        outcome: &Outcome,
        format: Download,
        lang: Lang,
        sources: &dyn Fn(usize) -> Option<String>,
        out: &mut dyn io::Write,
    ) -> io::Result<()>;
    /// A download's `Content-Disposition` value (ASCII), its file name
    /// after the inputs checked (their paths).
    fn attachment(&self, inputs: &[&str], format: Download, lang: Lang) -> String;
}

/// How to serve.
pub struct Settings {
    pub address: SocketAddr,
    /// Checks running at once.
    pub max_checks: usize,
    /// The page's first language and the default of the answers.
    pub lang: Lang,
}

/// Why the server could not start.
#[derive(Debug)]
pub enum StartError {
    Bind { address: String, reason: String },
    Token(String),
}

/// A bound server, not yet answering.
pub struct Server {
    http: Arc<tiny_http::Server>,
    address: SocketAddr,
    app: Arc<App>,
    stopping: Arc<AtomicBool>,
}

/// Stops a running [`Server`] from another thread (Ctrl-C).
#[derive(Clone)]
pub struct Stopper {
    http: Arc<tiny_http::Server>,
    stopping: Arc<AtomicBool>,
}

impl Stopper {
    pub fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        self.http.unblock();
    }
}

struct App {
    ctx: Context,
    pool: rayon::ThreadPool,
    render: Box<dyn Render>,
    guard: Guard,
    runs: Runs,
    slots: Slots,
    lang: Lang,
}

impl Server {
    pub fn bind(
        settings: Settings,
        ctx: Context,
        pool: rayon::ThreadPool,
        render: Box<dyn Render>,
    ) -> Result<Server, StartError> {
        let http = tiny_http::Server::http(settings.address).map_err(|e| StartError::Bind {
            address: settings.address.to_string(),
            reason: e.to_string(),
        })?;
        let address = match http.server_addr() {
            tiny_http::ListenAddr::IP(a) => a,
            #[cfg(unix)]
            tiny_http::ListenAddr::Unix(_) => settings.address,
        };
        let token = guard::random_token().map_err(|e| StartError::Token(e.to_string()))?;
        let app = App {
            ctx,
            pool,
            render,
            guard: Guard::new(address, token),
            runs: Runs::default(),
            slots: Slots::new(settings.max_checks),
            lang: settings.lang,
        };
        Ok(Server {
            http: Arc::new(http),
            address,
            app: Arc::new(app),
            stopping: Arc::new(AtomicBool::new(false)),
        })
    }

    /// The address actually bound (port 0 becomes a free port).
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The page's address, as a browser on this computer should open it
    /// (every interface includes loopback).
    pub fn url(&self) -> String {
        let mut address = self.address;
        if address.ip().is_unspecified() {
            address.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
        }
        format!("http://{address}/")
    }

    pub fn stopper(&self) -> Stopper {
        Stopper {
            http: Arc::clone(&self.http),
            stopping: Arc::clone(&self.stopping),
        }
    }

    /// Answers requests, each on its own thread, until stopped.
    pub fn run(self) {
        loop {
            match self.http.recv() {
                Ok(request) => {
                    let app = Arc::clone(&self.app);
                    std::thread::spawn(move || app.answer(request));
                }
                // An accept error is the client's; stop only when asked.
                Err(_) if self.stopping.load(Ordering::SeqCst) => break,
                Err(_) => continue,
            }
        }
    }
}

type Answer = Response<Cursor<Vec<u8>>>;

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn respond(status: u16, content_type: &str, body: Vec<u8>, policy: &str) -> Answer {
    let mut response = Response::from_data(body).with_status_code(status);
    for (name, value) in [
        ("Content-Type", content_type),
        ("Content-Security-Policy", policy),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("Cache-Control", "no-store"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
    ] {
        if let Some(h) = header(name, value) {
            response.add_header(h);
        }
    }
    response
}

fn json(status: u16, value: &serde_json::Value) -> Answer {
    respond(
        status,
        "application/json",
        value.to_string().into_bytes(),
        PAGE_POLICY,
    )
}

/// The value of a query parameter (`a=b&c=d`); values here are plain words.
fn query<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

fn lang_of(q: &str, default: Lang) -> Lang {
    match query(q, "lang") {
        Some("en") => Lang::En,
        Some("it") => Lang::It,
        _ => default,
    }
}

impl App {
    fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
        request
            .headers()
            .iter()
            .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }

    fn answer(self: &Arc<Self>, mut request: Request) {
        let url = request.url().to_string();
        let (path, q) = url.split_once('?').unwrap_or((&url, ""));
        let lang = lang_of(q, self.lang);
        let response = match self.route(&mut request, path, q, lang) {
            Ok(response) => response,
            Err(problem) => self.problem(&problem, lang),
        };
        // The client may have gone: nothing to do about it.
        let _ = request.respond(response);
    }

    fn problem(&self, problem: &Problem, lang: Lang) -> Answer {
        let mut answer = json(
            problem.status(),
            &serde_json::json!({
                "error": problem.key(),
                "message": self.render.problem(problem, lang),
            }),
        );
        if let Problem::Busy { .. } = problem
            && let Some(h) = header("Retry-After", "2")
        {
            answer.add_header(h);
        }
        answer
    }

    fn route(
        self: &Arc<Self>,
        request: &mut Request,
        path: &str,
        q: &str,
        lang: Lang,
    ) -> Result<Answer, Problem> {
        self.guard
            .host(Self::header(request, "Host"))
            .map_err(Problem::Refused)?;
        let method = request.method().clone();
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        match (method, segments.as_slice()) {
            (Method::Get, [""]) => Ok(self.page(lang)),
            (Method::Get, ["pagina.js"]) => Ok(respond(
                200,
                "text/javascript; charset=utf-8",
                SCRIPT.into(),
                PAGE_POLICY,
            )),
            (Method::Get, ["pagina.css"]) => {
                Ok(respond(200, "text/css; charset=utf-8", STYLE.into(), PAGE_POLICY))
            }
            (Method::Post, ["verifica"]) => self.upload(request),
            (Method::Get, ["verifica", id]) => self.progress(id),
            (Method::Get, ["verifica", id, file]) => {
                let download = file
                    .strip_prefix("rapporto.")
                    .and_then(Download::from_extension)
                    .ok_or(Problem::NotFound)?;
                self.report(id, download, lang, query(q, "scarica") == Some("1"))
            }
            (_, [""] | ["pagina.js"] | ["pagina.css"] | ["verifica", ..]) => Err(Problem::MethodNotAllowed),
            _ => Err(Problem::NotFound),
        }
    }

    /// The page in `lang`, with this start's token and both languages' words.
    fn page(&self, lang: Lang) -> Answer {
        // `<` escaped so that the words cannot close the data block.
        let words = self.render.page_words().replace('<', "\\u003c");
        let page = PAGE
            .replace("{{lang}}", lang.pick("it", "en"))
            .replace("{{token}}", self.guard.token())
            .replace("{{words}}", &words);
        respond(200, "text/html; charset=utf-8", page.into_bytes(), PAGE_POLICY)
    }

    /// Reads the body, opens its files as inputs, and starts the check on
    /// its own thread: the page follows it with [`App::progress`].
    fn upload(self: &Arc<Self>, request: &mut Request) -> Result<Answer, Problem> {
        self.guard
            .upload(
                Self::header(request, "Origin"),
                Self::header(request, TOKEN_HEADER),
            )
            .map_err(Problem::Refused)?;
        let permit = self.slots.try_acquire().ok_or(Problem::Busy {
            max: self.slots.max(),
        })?;
        let limits = &self.ctx.limits;
        let content_type = Self::header(request, "Content-Type").map(str::to_string);
        let declared = request.body_length();
        let body = upload::read_body(declared, request.as_reader(), limits.max_total_bytes)
            .map_err(Problem::Upload)?;
        let files = upload::files(content_type.as_deref(), body, limits).map_err(Problem::Upload)?;
        let inputs = upload::inputs(files, limits);
        let id = guard::random_token().map_err(|_| Problem::CheckFailed)?;
        let run = Arc::new(Run::new(id.clone(), inputs));
        self.runs.add(Arc::clone(&run));
        let app = Arc::clone(self);
        let checker = Arc::clone(&run);
        std::thread::spawn(move || {
            let _permit = permit;
            let finished = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let tick = || checker.tick();
                app.pool
                    .install(|| crate::engine::run(&checker.inputs, &app.ctx, |_| (), &tick).0)
            }));
            checker.finish(match finished {
                Ok(outcome) => State::Done(Arc::new(outcome)),
                Err(_) => State::Failed,
            });
        });
        Ok(json(202, &serde_json::json!({ "id": id, "total": run.total })))
    }

    fn progress(&self, id: &str) -> Result<Answer, Problem> {
        let run = self.runs.get(id).ok_or(Problem::NotFound)?;
        let state = run.state();
        if let State::Failed = state {
            return Err(Problem::CheckFailed);
        }
        let mut body = serde_json::json!({
            "done": run.done(),
            "total": run.total,
            "finished": matches!(state, State::Done(_)),
        });
        if let State::Done(outcome) = state {
            let s = outcome.summary();
            body["summary"] = serde_json::json!({
                "files": s.files, "ok": s.ok, "ko": s.ko, "warnings": s.warnings,
            });
        }
        Ok(json(200, &body))
    }

    /// A run's report; waits for the check to finish.
    fn report(&self, id: &str, download: Download, lang: Lang, attachment: bool) -> Result<Answer, Problem> {
        let run = self.runs.get(id).ok_or(Problem::NotFound)?;
        let State::Done(outcome) = run.wait() else {
            return Err(Problem::CheckFailed);
        };
        let sources = |index: usize| outcome.source_text(&run.inputs, index, &self.ctx.limits);
        let mut bytes = Vec::new();
        let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.render.report(&outcome, download, lang, &sources, &mut bytes)
        }));
        if !matches!(rendered, Ok(Ok(()))) {
            return Err(Problem::CheckFailed);
        }
        let policy = if download == Download::Html {
            REPORT_POLICY
        } else {
            PAGE_POLICY
        };
        let mut answer = respond(200, download.content_type(), bytes, policy);
        if attachment {
            let inputs: Vec<&str> = run.inputs.iter().map(|i| i.path.as_str()).collect();
            let value = self.render.attachment(&inputs, download, lang);
            if let Some(h) = header("Content-Disposition", &value) {
                answer.add_header(h);
            }
        }
        Ok(answer)
    }
}

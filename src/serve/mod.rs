//! `clic serve`: the portal's VERIFICA as a page on the user's own
//! computer. An HTTP/1.1 server (hyper, on a small tokio runtime: see
//! `http`) answers the page, takes uploads into memory, checks them with
//! the same engine and context as `clic verify` (on its rayon pool), and
//! serves the reports. Words and report formats come from `report/`
//! through [`Render`], so that this module stays below it.
//!
//! Security of a local server: it binds loopback unless told otherwise,
//! refuses a Host that is not the served address (DNS rebinding), accepts
//! uploads only with the token of this start's page and from its origin,
//! and forbids every other origin with a Content-Security-Policy. What a
//! request may cost is bounded before it is paid: a refused request is
//! answered from its headers and its connection closed, its body never
//! read; the head of a request is capped in size and time; a body must
//! come at a minimum pace and within the size limit; a check slot is
//! taken only once the body is in, and report renders have slots of
//! their own.

pub mod guard;
pub mod http;
pub mod repaired;
pub mod runs;
pub mod upload;

use std::net::SocketAddr;
use std::sync::Arc;

use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request};
use tokio::sync::watch;

use crate::checks::Context;
use crate::engine::Outcome;
use crate::i18n::Lang;
use crate::repair::output::RepairList;
use guard::{Guard, Refusal, TOKEN_HEADER};
use http::{Answer, HttpLimits, Payload};
use runs::{Renders, Run, Runs, Slots, State, Turn};
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

/// Report renders waiting for a turn, past which a request is refused.
pub const RENDER_QUEUE: usize = 16;

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
    /// `max` reports are being prepared, and as many more are waiting.
    RendersBusy {
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
            Problem::Upload(UploadError::LengthRequired) => 411,
            Problem::Upload(UploadError::TooSlow { .. }) => 408,
            Problem::Upload(_) => 400,
            Problem::Busy { .. } | Problem::RendersBusy { .. } => 503,
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
            Problem::Upload(UploadError::LengthRequired) => "length-required",
            Problem::Upload(UploadError::Malformed(_)) => "malformed",
            Problem::Upload(UploadError::NoFiles) => "no-files",
            Problem::Upload(UploadError::Read(_)) => "read",
            Problem::Upload(UploadError::TooSlow { .. }) => "too-slow",
            Problem::Busy { .. } => "busy",
            Problem::RendersBusy { .. } => "renders-busy",
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
    /// A report of `outcome`; `sources` gives the HTML report each file's
    /// text. `repairs`, when the run has KO files: what «Scarica l'archivio
    /// corretto» repairs in them, which the report lists after the findings.
    fn report(
        &self,
        outcome: &Outcome,
        repairs: Option<&RepairList>,
        format: Download,
        lang: Lang,
        sources: &dyn Fn(usize) -> Option<String>,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()>;
    /// A download's `Content-Disposition` value (ASCII), its file name
    /// after the inputs checked (their paths).
    fn attachment(&self, inputs: &[&str], format: Download, lang: Lang) -> String;
    /// A `Content-Disposition` value (ASCII) naming a download `name`
    /// (the repaired archive's).
    fn attachment_named(&self, name: &str) -> String;
}

/// How to serve.
pub struct Settings {
    pub address: SocketAddr,
    /// Checks running at once.
    pub max_checks: usize,
    /// Reports rendered at once (more wait, up to [`RENDER_QUEUE`]).
    pub max_renders: usize,
    /// What one connection may cost.
    pub http: HttpLimits,
    /// The page's first language and the default of the answers.
    pub lang: Lang,
}

/// Why the server could not start.
#[derive(Debug)]
pub enum StartError {
    Bind {
        address: String,
        reason: String,
    },
    Token(String),
    /// The threads that answer could not be started.
    Runtime(String),
}

/// A bound server, not yet answering.
pub struct Server {
    listener: std::net::TcpListener,
    runtime: tokio::runtime::Runtime,
    address: SocketAddr,
    app: Arc<App>,
    http: HttpLimits,
    stop: Arc<watch::Sender<bool>>,
}

/// Stops a running [`Server`] from another thread (Ctrl-C).
#[derive(Clone)]
pub struct Stopper {
    stop: Arc<watch::Sender<bool>>,
}

impl Stopper {
    pub fn stop(&self) {
        self.stop.send_replace(true);
    }
}

struct App {
    ctx: Context,
    pool: rayon::ThreadPool,
    render: Box<dyn Render>,
    guard: Guard,
    runs: Runs,
    slots: Slots,
    renders: Renders,
    pace: upload::Pace,
    lang: Lang,
}

/// Threads that answer requests: reading, parsing and routing are cheap;
/// checks run on the rayon pool and renders on tokio's blocking threads.
const ANSWERING_THREADS: usize = 2;

impl Server {
    pub fn bind(
        settings: Settings,
        ctx: Context,
        pool: rayon::ThreadPool,
        render: Box<dyn Render>,
    ) -> Result<Server, StartError> {
        let bind_error = |e: std::io::Error| StartError::Bind {
            address: settings.address.to_string(),
            reason: e.to_string(),
        };
        let listener = std::net::TcpListener::bind(settings.address).map_err(bind_error)?;
        listener.set_nonblocking(true).map_err(bind_error)?;
        let address = listener.local_addr().map_err(bind_error)?;
        let token = guard::random_token().map_err(|e| StartError::Token(e.to_string()))?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(ANSWERING_THREADS)
            .max_blocking_threads(settings.max_renders.max(1) + settings.max_checks.max(1) + 2)
            .thread_name("clic-serve")
            .enable_all()
            .build()
            .map_err(|e| StartError::Runtime(e.to_string()))?;
        let app = App {
            ctx,
            pool,
            render,
            guard: Guard::new(address, token),
            runs: Runs::default(),
            slots: Slots::new(settings.max_checks),
            renders: Renders::new(settings.max_renders, RENDER_QUEUE),
            pace: settings.http.pace,
            lang: settings.lang,
        };
        Ok(Server {
            listener,
            runtime,
            address,
            app: Arc::new(app),
            http: settings.http,
            stop: Arc::new(watch::Sender::new(false)),
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
            stop: Arc::clone(&self.stop),
        }
    }

    /// Answers requests until stopped.
    pub fn run(self) {
        let Server {
            listener,
            runtime,
            app,
            http,
            stop,
            ..
        } = self;
        let stopped = stop.subscribe();
        runtime.block_on(async move {
            let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                return;
            };
            let answer = move |request| {
                let app = Arc::clone(&app);
                async move { app.answer(request).await }
            };
            http::serve(listener, http, stopped, answer).await;
        });
        // Checks and renders under way end with the process.
        runtime.shutdown_background();
    }
}

fn respond(status: u16, content_type: &str, body: impl Into<hyper::body::Bytes>, policy: &str) -> Answer {
    let mut response = hyper::Response::new(Payload::new(body));
    *response.status_mut() =
        hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_TYPE, content_type),
        (header::CONTENT_SECURITY_POLICY, policy),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
        (
            header::HeaderName::from_static("cross-origin-resource-policy"),
            "same-origin",
        ),
    ] {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    }
    response
}

fn json(status: u16, value: &serde_json::Value) -> Answer {
    respond(status, "application/json", value.to_string(), PAGE_POLICY)
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

/// A header's value, when it is text.
fn header_of<'r>(request: &'r Request<Incoming>, name: &str) -> Option<&'r str> {
    request.headers().get(name).and_then(|v| v.to_str().ok())
}

impl App {
    async fn answer(self: Arc<Self>, request: Request<Incoming>) -> Answer {
        let path = request.uri().path().to_string();
        let q = request.uri().query().unwrap_or("").to_string();
        let lang = lang_of(&q, self.lang);
        match self.route(request, &path, &q, lang).await {
            Ok(answer) => answer,
            Err(problem) => self.problem(&problem, lang),
        }
    }

    /// A problem's answer. The connection is closed after it: a refused
    /// request's body is never read, and one cut while it was read has
    /// left the connection in the middle of it.
    fn problem(&self, problem: &Problem, lang: Lang) -> Answer {
        let mut answer = json(
            problem.status(),
            &serde_json::json!({
                "error": problem.key(),
                "message": self.render.problem(problem, lang),
            }),
        );
        let headers = answer.headers_mut();
        headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
        if let Problem::Busy { .. } | Problem::RendersBusy { .. } = problem {
            headers.insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
        }
        answer
    }

    async fn route(
        self: &Arc<Self>,
        request: Request<Incoming>,
        path: &str,
        q: &str,
        lang: Lang,
    ) -> Result<Answer, Problem> {
        self.guard
            .host(header_of(&request, "Host"))
            .map_err(Problem::Refused)?;
        let method = request.method().clone();
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        match (method, segments.as_slice()) {
            (Method::GET, [""]) => Ok(self.page(lang)),
            (Method::GET, ["pagina.js"]) => Ok(respond(
                200,
                "text/javascript; charset=utf-8",
                SCRIPT,
                PAGE_POLICY,
            )),
            (Method::GET, ["pagina.css"]) => Ok(respond(200, "text/css; charset=utf-8", STYLE, PAGE_POLICY)),
            (Method::POST, ["verifica"]) => self.upload(request).await,
            (Method::GET, ["verifica", id]) => self.progress(id),
            (Method::GET, ["verifica", id, "corretto"]) => {
                self.guard_download(&request)?;
                self.repaired_archive(id).await
            }
            (Method::GET, ["verifica", id, "corretto.json"]) => {
                self.guard_download(&request)?;
                self.repaired_count(id).await
            }
            (Method::GET, ["verifica", id, file]) => {
                let download = file
                    .strip_prefix("rapporto.")
                    .and_then(Download::from_extension)
                    .ok_or(Problem::NotFound)?;
                self.report(id, download, lang, query(q, "scarica") == Some("1"))
                    .await
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
        respond(200, "text/html; charset=utf-8", page, PAGE_POLICY)
    }

    /// Lets the upload in from its headers alone, reads its body, opens
    /// its files as inputs, and starts the check on its own thread: the
    /// page follows it with [`App::progress`].
    async fn upload(self: &Arc<Self>, request: Request<Incoming>) -> Result<Answer, Problem> {
        self.guard
            .upload(header_of(&request, "Origin"), header_of(&request, TOKEN_HEADER))
            .map_err(Problem::Refused)?;
        let boundary = upload::boundary(header_of(&request, "Content-Type")).map_err(Problem::Upload)?;
        let declared = header_of(&request, "Content-Length").and_then(|n| n.trim().parse::<u64>().ok());
        let declared = upload::admit(declared, &self.ctx.limits).map_err(Problem::Upload)?;
        // Busy now: said before the body is sent, not after.
        if self.slots.full() {
            return Err(Problem::Busy {
                max: self.slots.max(),
            });
        }
        let files = upload::receive(
            request.into_body(),
            boundary,
            declared,
            self.pace,
            &self.ctx.limits,
        )
        .await
        .map_err(Problem::Upload)?;
        // The slot is taken only now that the body is in.
        let permit = self.slots.try_acquire().ok_or(Problem::Busy {
            max: self.slots.max(),
        })?;
        let app = Arc::clone(self);
        let inputs = tokio::task::spawn_blocking(move || upload::inputs(files, &app.ctx.limits))
            .await
            .map_err(|_| Problem::CheckFailed)?
            .map_err(Problem::Upload)?;
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

    /// The repaired copy costs a repair of every upload: only this
    /// start's page may ask for it, as only it may upload.
    fn guard_download(&self, request: &Request<Incoming>) -> Result<(), Problem> {
        self.guard
            .upload(header_of(request, "Origin"), header_of(request, TOKEN_HEADER))
            .map_err(Problem::Refused)
    }

    /// The run's repaired copy, made once on the rayon pool (in a render
    /// turn: it holds a copy of the uploads in memory) and kept with it.
    /// The turn it was made in is handed back (none when it was kept
    /// already), so that a report renders in that same turn: one request
    /// never holds two turns, and `--max-renders 1` cannot wait on itself.
    /// The run's lock is taken before any turn, and no turn is held while
    /// waiting for it. `Ok((None, turn))`: the repair stopped on a bug.
    async fn repaired(
        self: &Arc<Self>,
        run: &Arc<Run>,
        outcome: &Arc<Outcome>,
    ) -> Result<(Option<Arc<Option<repaired::Repaired>>>, Option<Turn>), Problem> {
        let mut kept = run.repaired.lock().await;
        if let Some(made) = kept.as_ref() {
            return Ok((Some(Arc::clone(made)), None));
        }
        let turn = self.renders.turn().await.ok_or(Problem::RendersBusy {
            max: self.renders.max(),
        })?;
        let app = Arc::clone(self);
        let inputs = Arc::clone(run);
        let checked = Arc::clone(outcome);
        let made = tokio::task::spawn_blocking(move || {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                app.pool
                    .install(|| repaired::repair(&inputs.inputs, &checked, &app.ctx))
            }))
            .ok()
        })
        .await
        .ok()
        .flatten()
        .map(Arc::new);
        if let Some(made) = &made {
            *kept = Some(Arc::clone(made));
        }
        Ok((made, Some(turn)))
    }

    /// The repaired copy of a finished run, for its own downloads.
    async fn repaired_copy(self: &Arc<Self>, id: &str) -> Result<Arc<Option<repaired::Repaired>>, Problem> {
        let run = self.runs.get(id).ok_or(Problem::NotFound)?;
        let State::Done(outcome) = run.wait().await else {
            return Err(Problem::CheckFailed);
        };
        let (made, _turn) = self.repaired(&run, &outcome).await?;
        made.ok_or(Problem::CheckFailed)
    }

    /// How many files the repaired copy changes, and its name: the page
    /// offers the download when there is at least one.
    async fn repaired_count(self: &Arc<Self>, id: &str) -> Result<Answer, Problem> {
        let made = self.repaired_copy(id).await?;
        let (files, name) = match made.as_ref() {
            Some(r) => (r.files, r.name.as_str()),
            None => (0, ""),
        };
        Ok(json(200, &serde_json::json!({ "files": files, "name": name })))
    }

    /// The repaired archive (or file), as an attachment.
    async fn repaired_archive(self: &Arc<Self>, id: &str) -> Result<Answer, Problem> {
        let made = self.repaired_copy(id).await?;
        let Some(made) = made.as_ref() else {
            return Err(Problem::NotFound);
        };
        let content_type = if made.name.to_ascii_lowercase().ends_with(".zip") {
            "application/zip"
        } else {
            "application/xml"
        };
        let mut answer = respond(200, content_type, made.bytes.clone(), PAGE_POLICY);
        if let Ok(value) = HeaderValue::from_str(&self.render.attachment_named(&made.name)) {
            answer.headers_mut().insert(header::CONTENT_DISPOSITION, value);
        }
        Ok(answer)
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

    /// A run's report, once the check has finished and a render turn is
    /// free; the turn is held until the report has been sent. A run with
    /// KO files gets its repaired copy first (made now, in the turn the
    /// report then renders in, unless it is kept already), so that its
    /// report always lists the repairs, whatever the page asked before.
    async fn report(
        self: &Arc<Self>,
        id: &str,
        download: Download,
        lang: Lang,
        attachment: bool,
    ) -> Result<Answer, Problem> {
        let run = self.runs.get(id).ok_or(Problem::NotFound)?;
        let State::Done(outcome) = run.wait().await else {
            return Err(Problem::CheckFailed);
        };
        let (repairs, made_in) = if outcome.files.iter().any(|f| !f.is_ok()) {
            self.repaired(&run, &outcome).await?
        } else {
            (None, None)
        };
        let turn = match made_in {
            Some(turn) => turn,
            None => self.renders.turn().await.ok_or(Problem::RendersBusy {
                max: self.renders.max(),
            })?,
        };
        // The download's name, after what was checked.
        let inputs: Vec<&str> = run.inputs.iter().map(|i| i.path.as_str()).collect();
        let disposition = self.render.attachment(&inputs, download, lang);
        let app = Arc::clone(self);
        let rendered = tokio::task::spawn_blocking(move || {
            let sources = |index: usize| outcome.source_text(&run.inputs, index, &app.ctx.limits);
            let list = repairs.as_deref().and_then(Option::as_ref).map(|r| &r.list);
            let mut bytes = Vec::new();
            let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                app.render
                    .report(&outcome, list, download, lang, &sources, &mut bytes)
            }));
            matches!(rendered, Ok(Ok(()))).then_some(bytes)
        })
        .await;
        let Ok(Some(bytes)) = rendered else {
            return Err(Problem::CheckFailed);
        };
        let policy = if download == Download::Html {
            REPORT_POLICY
        } else {
            PAGE_POLICY
        };
        let answer = respond(200, download.content_type(), bytes, policy);
        let (mut parts, body) = answer.into_parts();
        if attachment && let Ok(value) = HeaderValue::from_str(&disposition) {
            parts.headers.insert(header::CONTENT_DISPOSITION, value);
        }
        Ok(hyper::Response::from_parts(parts, body.holding(turn)))
    }
}

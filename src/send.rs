//! Transmission to a node (dominio.md §5): one SOAP 1.1 request per
//! communication, `invioCandidatura` / `invioVacancy` with the document as
//! a string, `Tipo_Risposta` OK or KO in the answer.
//!
//! Transient failures (connection errors, timeouts, HTTP 408/429/502/503/
//! 504, SOAP Server faults) are retried with exponential backoff and full
//! jitter, honouring `Retry-After`; a KO answer or a SOAP Client fault is a
//! permanent refusal and is never retried. Each request carries an
//! idempotency key, in the HTTP header `Idempotency-Key` and in the SOAP
//! header, so a receiver can drop a duplicate sent again after a crash.
//!
//! Sending has an end ([`Circuit`]): after `max_failures` requests in a
//! row got no answer the run stops sending, as it does at its deadline;
//! every wait (backoff, `Retry-After`) and every request is cut short by
//! either.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::hash::sha256_hex;
use crate::module::Module;
use crate::xml::{self, Handler, StartTag};

/// The node service's namespace.
pub const TYPES_NS: &str = "http://servizi.lavoro.gov.it/cliclavoro/types";
const SOAP_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// Element nesting allowed in an answer (a SOAP reply nests a few levels).
const MAX_ANSWER_DEPTH: usize = 256;

#[derive(Debug, Clone)]
pub struct Config {
    pub url: String,
    pub connect_timeout: Duration,
    pub read_timeout: Duration,
    /// Bound on one request, connection to last byte.
    pub request_timeout: Duration,
    /// Attempts after the first.
    pub retries: u32,
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
}

/// The default of `--max-failures`: requests in a row without an answer
/// after which a run stops sending. With the other defaults (4 requests
/// at once, 60 s per request at most, backoff 0.5 s doubling) a node that
/// never answers stops the run within about 3 minutes: 8 failures are 2
/// rounds of the 4 workers (2 × 60 s + 0.5 s of backoff), then the
/// requests still in flight end within 60 s.
pub const DEFAULT_MAX_FAILURES: u32 = 8;

/// Why a run stopped sending before it had tried every document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// This many requests in a row got no answer.
    Breaker { failures: u32 },
    /// `--deadline` passed.
    Deadline,
}

/// When a run's sending stops on its own: a circuit breaker (after
/// `max_failures` requests in a row without an answer) and an optional
/// deadline. Shared by every sending thread of a run, over all its
/// archives: once open it stays open, and the same command run again
/// resumes what was left.
#[derive(Debug)]
pub struct Circuit {
    max_failures: u32,
    deadline: Option<Instant>,
    in_a_row: AtomicU32,
    stopped: Mutex<Option<Stop>>,
    woken: Condvar,
}

impl Circuit {
    pub fn new(max_failures: u32, deadline: Option<Instant>) -> Circuit {
        Circuit {
            max_failures: max_failures.max(1),
            deadline,
            in_a_row: AtomicU32::new(0),
            stopped: Mutex::new(None),
            woken: Condvar::new(),
        }
    }

    /// Why sending stopped, if it did (the deadline is checked now).
    pub fn stopped(&self) -> Option<Stop> {
        let mut stopped = self.stopped.lock().unwrap_or_else(|p| p.into_inner());
        if stopped.is_none() && self.deadline.is_some_and(|d| Instant::now() >= d) {
            *stopped = Some(Stop::Deadline);
            self.woken.notify_all();
        }
        *stopped
    }

    fn stop(&self, why: Stop) {
        let mut stopped = self.stopped.lock().unwrap_or_else(|p| p.into_inner());
        stopped.get_or_insert(why);
        self.woken.notify_all();
    }

    /// A request that got no usable answer.
    fn failed(&self) {
        let failures = self.in_a_row.fetch_add(1, Ordering::SeqCst) + 1;
        if failures >= self.max_failures {
            self.stop(Stop::Breaker { failures });
        }
    }

    /// A request the node answered (OK, KO or a client fault).
    fn answered(&self) {
        self.in_a_row.store(0, Ordering::SeqCst);
    }

    /// The time left before the deadline (or `bound`, if shorter).
    fn cap(&self, bound: Duration) -> Duration {
        match self.deadline {
            Some(deadline) => bound.min(deadline.saturating_duration_since(Instant::now())),
            None => bound,
        }
    }

    /// Waits `wait` (cut at the deadline), or less if sending stops
    /// meanwhile; false when sending stopped.
    fn wait(&self, wait: Duration) -> bool {
        let until = Instant::now() + self.cap(wait);
        let mut stopped = self.stopped.lock().unwrap_or_else(|p| p.into_inner());
        while stopped.is_none() {
            let now = Instant::now();
            if now >= until {
                break;
            }
            stopped = self
                .woken
                .wait_timeout(stopped, until - now)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
        drop(stopped);
        self.stopped().is_none()
    }
}

/// How a transmission ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `Tipo_Risposta` OK; the node's `Descr_Esito`.
    Delivered(String),
    /// `Tipo_Risposta` KO or a SOAP Client fault: permanent.
    Refused(String),
    /// Not delivered: retries exhausted or a permanent transport error.
    Failed(Failure),
}

/// Why a document was not delivered, as plain data (`report/` words it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// No answer: a connection error or a timeout, in the HTTP library's
    /// words, after this many seconds.
    Connection { error: String, seconds: String },
    /// The answer broke off.
    Interrupted(String),
    /// A transient HTTP status (408, 429, 502, 503, 504).
    Status(u16),
    /// A SOAP Server fault: `code: reason`.
    ServerFault(String),
    /// `Tipo_Risposta` OK with an HTTP error status.
    OkWithErrorStatus(u16),
    /// Neither an answer nor a fault: the status and the body's first
    /// 200 characters.
    Unreadable { status: u16, start: String },
}

/// The idempotency key of a document for an endpoint: the same document
/// sent to the same node always has the same key.
pub fn idempotency_key(url: &str, document_sha256: &str) -> String {
    sha256_hex(format!("clic-idempotency-v1\n{url}\n{document_sha256}").as_bytes())
}

/// The SOAP operation for a module's document and the element carrying it.
fn operation(module: Module) -> (&'static str, &'static str) {
    match module {
        Module::Candidatura => ("invioCandidatura", "CandidaturaXML"),
        Module::Vacancy => ("invioVacancy", "VacancyXML"),
        Module::Messaggio => ("invioMessaggio", "MessaggioXML"),
    }
}

/// The SOAP 1.1 envelope carrying one document.
pub fn envelope(module: Module, document: &str, key: &str) -> String {
    let (operation, element) = operation(module);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <soapenv:Envelope xmlns:soapenv=\"{SOAP_NS}\" xmlns:typ=\"{TYPES_NS}\">\
         <soapenv:Header><typ:IdempotencyKey>{key}</typ:IdempotencyKey></soapenv:Header>\
         <soapenv:Body><typ:{operation}><typ:{element}>{}</typ:{element}></typ:{operation}></soapenv:Body>\
         </soapenv:Envelope>\n",
        escape(document)
    )
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// What a response says.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Answer {
    Ok(String),
    Ko(String),
    ServerFault(String),
    ClientFault(String),
    /// Not an answer: its first 200 characters.
    Unreadable(String),
}

/// Reads `Tipo_Risposta`/`Descr_Esito`, or a SOAP fault, from a body.
fn read_answer(body: &str) -> Answer {
    let Some([code, reason, detail, kind]) =
        first_texts(body, ["faultcode", "faultstring", "Descr_Esito", "Tipo_Risposta"])
    else {
        return Answer::Unreadable(snippet(body));
    };
    if let Some(code) = code {
        let reason = reason.unwrap_or_default();
        let local = code.rsplit(':').next().unwrap_or(&code);
        return if local.starts_with("Client") {
            Answer::ClientFault(format!("{code}: {reason}"))
        } else {
            Answer::ServerFault(format!("{code}: {reason}"))
        };
    }
    let detail = detail.unwrap_or_default();
    match kind.as_deref() {
        Some("OK") => Answer::Ok(detail),
        Some("KO") => Answer::Ko(detail),
        _ => Answer::Unreadable(snippet(body)),
    }
}

/// The text of the first element with each local name (any namespace),
/// trimmed; `None` when the body is not well-formed XML. A byte order mark
/// is allowed; a DOCTYPE is not (SOAP 1.1 forbids it, and nothing is ever
/// expanded).
fn first_texts<const N: usize>(body: &str, names: [&str; N]) -> Option<[Option<String>; N]> {
    struct Reader<'n, const N: usize> {
        names: [&'n str; N],
        found: [Option<String>; N],
        depth: usize,
        /// The names being collected, with the depth of their element.
        open: Vec<(usize, usize)>,
    }
    impl<const N: usize> Handler for Reader<'_, N> {
        fn start(&mut self, tag: &StartTag<'_>) {
            self.depth += 1;
            if let Some(i) = self.names.iter().position(|n| *n == tag.local)
                && self.found[i].is_none()
            {
                self.found[i] = Some(String::new());
                self.open.push((i, self.depth));
            }
        }
        fn text(&mut self, text: &str, _: usize) {
            for &(i, _) in &self.open {
                if let Some(collected) = &mut self.found[i] {
                    collected.push_str(text);
                }
            }
        }
        fn end(&mut self, _: usize) {
            while self.open.last().is_some_and(|&(_, depth)| depth == self.depth) {
                self.open.pop();
            }
            self.depth -= 1;
        }
    }
    let mut reader = Reader {
        names,
        found: std::array::from_fn(|_| None),
        depth: 0,
        open: Vec::new(),
    };
    let options = xml::Options {
        namespaces: true,
        max_depth: MAX_ANSWER_DEPTH,
    };
    xml::parse(body.trim_start_matches('\u{feff}'), &options, &mut reader).ok()?;
    Some(reader.found.map(|text| text.map(|t| t.trim().to_string())))
}

fn snippet(body: &str) -> String {
    body.chars().take(200).collect()
}

/// A sender shared by the transmission threads.
pub struct Sender {
    agent: ureq::Agent,
    config: Config,
}

impl Sender {
    pub fn new(config: Config) -> Sender {
        let tls = ureq::tls::TlsConfig::builder()
            .root_certs(ureq::tls::RootCerts::PlatformVerifier)
            .build();
        let agent_config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(config.connect_timeout))
            .timeout_recv_response(Some(config.read_timeout))
            .timeout_recv_body(Some(config.read_timeout))
            .timeout_global(Some(config.request_timeout))
            .tls_config(tls)
            .build();
        Sender {
            agent: ureq::Agent::new_with_config(agent_config),
            config,
        }
    }

    /// Sends one document, retrying transient failures until `circuit`
    /// stops sending; returns how it ended and the number of HTTP
    /// requests made. Each request counts for the circuit: answered or not.
    pub fn send(&self, module: Module, document: &str, key: &str, circuit: &Circuit) -> (Outcome, u32) {
        let (operation, _) = operation(module);
        let body = envelope(module, document, key);
        let mut attempt = 0u32;
        loop {
            let (wait_hint, reason) = match self.attempt(operation, &body, key, circuit) {
                Attempt::Done(outcome) => {
                    match outcome {
                        Outcome::Failed(_) => circuit.failed(),
                        _ => circuit.answered(),
                    }
                    return (outcome, attempt + 1);
                }
                Attempt::Retry { wait, reason } => (wait, reason),
            };
            circuit.failed();
            if attempt >= self.config.retries || !circuit.wait(self.backoff(attempt, wait_hint)) {
                return (Outcome::Failed(reason), attempt + 1);
            }
            attempt += 1;
        }
    }

    fn attempt(&self, operation: &str, body: &str, key: &str, circuit: &Circuit) -> Attempt {
        let started = Instant::now();
        let response = self
            .agent
            .post(&self.config.url)
            .config()
            .timeout_global(Some(circuit.cap(self.config.request_timeout)))
            .build()
            .header("Content-Type", "text/xml; charset=utf-8")
            .header("SOAPAction", format!("\"{operation}\""))
            .header("Idempotency-Key", key)
            .send(body);
        let mut response = match response {
            Ok(response) => response,
            Err(e) => {
                return Attempt::Retry {
                    wait: None,
                    reason: Failure::Connection {
                        error: e.to_string(),
                        seconds: format!("{:.1}", started.elapsed().as_secs_f32()),
                    },
                };
            }
        };
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("Retry-After")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let text = match response
            .body_mut()
            .with_config()
            .limit(16 * 1024 * 1024)
            .read_to_string()
        {
            Ok(text) => text,
            Err(e) => {
                return Attempt::Retry {
                    wait: None,
                    reason: Failure::Interrupted(e.to_string()),
                };
            }
        };
        if matches!(status, 408 | 429 | 502 | 503 | 504) {
            return Attempt::Retry {
                wait: retry_after,
                reason: Failure::Status(status),
            };
        }
        match read_answer(&text) {
            Answer::Ok(detail) if (200..300).contains(&status) => Attempt::Done(Outcome::Delivered(detail)),
            Answer::Ko(detail) => Attempt::Done(Outcome::Refused(detail)),
            Answer::ClientFault(fault) => Attempt::Done(Outcome::Refused(format!("SOAP fault {fault}"))),
            Answer::ServerFault(fault) => Attempt::Retry {
                wait: retry_after,
                reason: Failure::ServerFault(fault),
            },
            Answer::Ok(_) => Attempt::Done(Outcome::Failed(Failure::OkWithErrorStatus(status))),
            Answer::Unreadable(start) => {
                Attempt::Done(Outcome::Failed(Failure::Unreadable { status, start }))
            }
        }
    }

    /// Full jitter: a random wait between zero and the exponential bound,
    /// or what the server asked for with `Retry-After` (capped).
    fn backoff(&self, attempt: u32, hint: Option<Duration>) -> Duration {
        if let Some(wait) = hint {
            return wait.min(self.config.backoff_cap.max(Duration::from_secs(1)) * 4);
        }
        let bound = self
            .config
            .backoff_base
            .saturating_mul(1u32 << attempt.min(16))
            .min(self.config.backoff_cap);
        let nanos = bound.as_nanos() as u64;
        Duration::from_nanos(if nanos == 0 { 0 } else { random() % nanos })
    }
}

enum Attempt {
    Done(Outcome),
    Retry { wait: Option<Duration>, reason: Failure },
}

/// A random number for jitter (no cryptographic use): the standard
/// library's randomly seeded hasher, fed a counter.
fn random() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelopes_carry_the_escaped_document_and_the_key() {
        let text = envelope(Module::Candidatura, "<a>x & y</a>", "k1");
        assert!(text.contains(
            "<typ:invioCandidatura><typ:CandidaturaXML>&lt;a&gt;x &amp; y&lt;/a&gt;</typ:CandidaturaXML>"
        ));
        assert!(text.contains("<typ:IdempotencyKey>k1</typ:IdempotencyKey>"));
        let read = first_texts(&text, ["IdempotencyKey", "CandidaturaXML"]).unwrap();
        assert_eq!(read, [Some("k1".into()), Some("<a>x & y</a>".into())]);
        let document = "<a>\r\n</a>";
        let text = envelope(Module::Vacancy, document, "k2");
        let mut raw = None;
        struct Raw<'a>(&'a mut Option<String>, bool);
        impl Handler for Raw<'_> {
            fn start(&mut self, tag: &StartTag<'_>) {
                self.1 = tag.local == "VacancyXML";
            }
            fn text(&mut self, text: &str, _: usize) {
                if self.1 {
                    self.0.get_or_insert_default().push_str(text);
                }
            }
            fn end(&mut self, _: usize) {
                self.1 = false;
            }
        }
        xml::parse(&text, &xml::Options::default(), &mut Raw(&mut raw, false)).unwrap();
        assert_eq!(raw.as_deref(), Some(document), "a carriage return survives");
    }

    #[test]
    fn answers_and_faults_are_read() {
        let ok = format!(
            "<s:Envelope xmlns:s=\"{SOAP_NS}\"><s:Body><r xmlns=\"{TYPES_NS}\"><Tipo_Risposta>OK</Tipo_Risposta><Descr_Esito>preso</Descr_Esito></r></s:Body></s:Envelope>"
        );
        assert_eq!(read_answer(&ok), Answer::Ok("preso".into()));
        let ko = ok.replace(">OK<", ">KO<");
        assert_eq!(read_answer(&ko), Answer::Ko("preso".into()));
        let fault = format!(
            "<s:Envelope xmlns:s=\"{SOAP_NS}\"><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>giù</faultstring></s:Fault></s:Body></s:Envelope>"
        );
        assert!(matches!(read_answer(&fault), Answer::ServerFault(_)));
        assert!(matches!(
            read_answer(&fault.replace("s:Server", "s:Client")),
            Answer::ClientFault(_)
        ));
        assert!(matches!(read_answer("<html>502</html>"), Answer::Unreadable(_)));
        assert!(matches!(read_answer("not xml"), Answer::Unreadable(_)));
    }

    #[test]
    fn answers_are_read_whatever_the_prefixes_a_bom_cdata_or_comments() {
        let ok = format!(
            "\u{feff}<?xml version=\"1.0\"?>\n<soap:Envelope xmlns:soap=\"{SOAP_NS}\" xmlns:t=\"{TYPES_NS}\">\
             <soap:Body><t:risposta><t:Tipo_Risposta> OK </t:Tipo_Risposta>\
             <t:Descr_Esito><![CDATA[a <b>]]> &amp; <!-- x -->c</t:Descr_Esito></t:risposta></soap:Body></soap:Envelope>"
        );
        assert_eq!(read_answer(&ok), Answer::Ok("a <b> & c".into()));
        // The first element of a name counts, as in document order.
        let twice = ok.replace(
            "<t:risposta>",
            "<t:risposta><t:Tipo_Risposta>KO</t:Tipo_Risposta>",
        );
        assert_eq!(read_answer(&twice), Answer::Ko("a <b> & c".into()));
        let fault = format!(
            "<e:Envelope xmlns:e=\"{SOAP_NS}\"><e:Body><e:Fault><faultcode>e:Client.Auth</faultcode>\
             <faultstring>negato</faultstring><detail><Tipo_Risposta>OK</Tipo_Risposta></detail></e:Fault></e:Body></e:Envelope>"
        );
        assert_eq!(
            read_answer(&fault),
            Answer::ClientFault("e:Client.Auth: negato".into())
        );
        // Not well-formed, an unbound prefix, a DOCTYPE: not an answer.
        for body in [
            ok.replace("</soap:Envelope>", ""),
            ok.replace("soap:Body", "x:Body"),
            format!(
                "<!DOCTYPE e [<!ENTITY x \"OK\">]>{}",
                &ok[ok.find("<soap").unwrap()..]
            ),
        ] {
            assert!(matches!(read_answer(&body), Answer::Unreadable(_)), "{body}");
        }
    }

    #[test]
    fn the_circuit_opens_after_failures_in_a_row_and_cuts_waits() {
        let circuit = Circuit::new(3, None);
        circuit.failed();
        circuit.failed();
        circuit.answered();
        circuit.failed();
        circuit.failed();
        assert_eq!(circuit.stopped(), None, "an answer starts the count again");
        circuit.failed();
        assert_eq!(circuit.stopped(), Some(Stop::Breaker { failures: 3 }));
        let started = Instant::now();
        assert!(!circuit.wait(Duration::from_secs(3600)));
        assert!(started.elapsed() < Duration::from_secs(1));

        // A wait and a request never outlast the deadline.
        let circuit = Circuit::new(100, Some(Instant::now() + Duration::from_millis(200)));
        assert!(circuit.cap(Duration::from_secs(60)) <= Duration::from_millis(200));
        let started = Instant::now();
        assert!(!circuit.wait(Duration::from_secs(3600)), "the deadline passed");
        assert!(started.elapsed() < Duration::from_secs(2));
        assert_eq!(circuit.stopped(), Some(Stop::Deadline));
    }

    #[test]
    fn keys_depend_on_document_and_endpoint() {
        let a = idempotency_key("http://a", "d1");
        assert_eq!(a, idempotency_key("http://a", "d1"));
        assert_ne!(a, idempotency_key("http://b", "d1"));
        assert_ne!(a, idempotency_key("http://a", "d2"));
    }

    #[test]
    fn backoff_is_bounded_and_honours_retry_after() {
        let sender = Sender::new(Config {
            url: "http://127.0.0.1:9".into(),
            connect_timeout: Duration::from_secs(1),
            read_timeout: Duration::from_secs(1),
            request_timeout: Duration::from_secs(1),
            retries: 3,
            backoff_base: Duration::from_millis(100),
            backoff_cap: Duration::from_secs(2),
        });
        for attempt in 0..20 {
            assert!(sender.backoff(attempt, None) <= Duration::from_secs(2));
        }
        assert_eq!(
            sender.backoff(0, Some(Duration::from_secs(3))),
            Duration::from_secs(3)
        );
    }
}

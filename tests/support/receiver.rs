//! A SOAP receiver written for the tests: it listens on 127.0.0.1,
//! records every request (operation, idempotency keys, document), and
//! answers as a script says: OK, KO, faults, transient errors, a dropped
//! connection, or no answer at all.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// One answer the receiver can give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    Ok,
    Ko(&'static str),
    ServerFault,
    ClientFault,
    Status(u16),
    /// Reads the request, then closes the connection without answering.
    Drop,
    /// Reads the request and never answers.
    Hang,
}

/// What the receiver saw of one request.
#[derive(Debug, Clone)]
pub struct Seen {
    pub operation: String,
    pub header_key: String,
    pub soap_key: String,
    pub body: String,
}

pub struct Receiver {
    pub url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    script: Arc<Mutex<VecDeque<Reply>>>,
    /// Every request read, whatever the reply.
    requests: Arc<std::sync::atomic::AtomicUsize>,
}

/// How long the receiver takes before answering OK (to make sending last).
type Delay = Duration;

impl Receiver {
    /// Starts a receiver that gives `script`'s replies in order, then `Ok`.
    pub fn start(script: Vec<Reply>) -> Receiver {
        Receiver::start_with_delay(script, Duration::ZERO)
    }

    /// As [`Receiver::start`], answering each request after `delay`.
    pub fn start_with_delay(script: Vec<Reply>, delay: Delay) -> Receiver {
        Receiver::start_full(script, delay, 0)
    }

    /// As [`Receiver::start`], with `Retry-After: SECS` on each 503.
    pub fn start_with_retry_after(script: Vec<Reply>, secs: u64) -> Receiver {
        Receiver::start_full(script, Duration::ZERO, secs)
    }

    fn start_full(script: Vec<Reply>, delay: Delay, retry_after: u64) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}/cliclavoro", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(VecDeque::from(script)));
        let requests = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (seen_in, script_in, requests_in) = (seen.clone(), script.clone(), requests.clone());
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (seen, script, requests) = (seen_in.clone(), script_in.clone(), requests_in.clone());
                thread::spawn(move || serve(stream, &seen, &script, &requests, (delay, retry_after)));
            }
        });
        Receiver {
            url,
            seen,
            script,
            requests,
        }
    }

    /// Requests read so far, whatever the reply (answered or not).
    pub fn requests(&self) -> usize {
        self.requests.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// From now on every request is answered OK (the node is back).
    pub fn answer_ok_from_now(&self) {
        self.script.lock().unwrap().clear();
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// Keys of the requests answered OK so far, in arrival order.
    pub fn keys(&self) -> Vec<String> {
        self.seen().into_iter().map(|s| s.header_key).collect()
    }
}

fn serve(
    stream: TcpStream,
    seen: &Mutex<Vec<Seen>>,
    script: &Mutex<VecDeque<Reply>>,
    requests: &std::sync::atomic::AtomicUsize,
    (delay, retry_after): (Delay, u64),
) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut stream = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let mut length = 0usize;
        let mut header_key = String::new();
        let mut action = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                match name.trim().to_ascii_lowercase().as_str() {
                    "content-length" => length = value.trim().parse().unwrap_or(0),
                    "idempotency-key" => header_key = value.trim().to_string(),
                    "soapaction" => action = value.trim().trim_matches('"').to_string(),
                    _ => {}
                }
            }
        }
        let mut body = vec![0u8; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let body = String::from_utf8_lossy(&body).into_owned();
        requests.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let reply = script.lock().unwrap().pop_front().unwrap_or(Reply::Ok);
        if !delay.is_zero() {
            thread::sleep(delay);
        }
        let soap_key = between(&body, "<typ:IdempotencyKey>", "</typ:IdempotencyKey>");
        let record = Seen {
            operation: action,
            header_key,
            soap_key,
            body,
        };
        if reply == Reply::Ok {
            seen.lock().unwrap().push(record);
        }
        let (status, text) = match reply {
            Reply::Ok => (200, answer("OK", "Comunicazione acquisita")),
            Reply::Ko(reason) => (200, answer("KO", reason)),
            Reply::ServerFault => (500, fault("soap:Server", "nodo temporaneamente non disponibile")),
            Reply::ClientFault => (500, fault("soap:Client", "richiesta non valida")),
            Reply::Status(code) => (code, format!("<html>{code}</html>")),
            Reply::Drop => return,
            Reply::Hang => {
                thread::sleep(Duration::from_secs(3600));
                return;
            }
        };
        let extra = if status == 503 {
            format!("Retry-After: {retry_after}\r\n")
        } else {
            String::new()
        };
        let response = format!(
            "HTTP/1.1 {status} X\r\nContent-Type: text/xml; charset=utf-8\r\n{extra}Content-Length: {}\r\n\r\n{text}",
            text.len()
        );
        if stream.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}

fn between(text: &str, start: &str, end: &str) -> String {
    text.split_once(start)
        .and_then(|(_, rest)| rest.split_once(end))
        .map(|(inside, _)| inside.to_string())
        .unwrap_or_default()
}

fn answer(kind: &str, detail: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>\
         <Risposta xmlns=\"http://servizi.lavoro.gov.it/cliclavoro/types\"><Tipo_Risposta>{kind}</Tipo_Risposta><Descr_Esito>{detail}</Descr_Esito></Risposta>\
         </soap:Body></soap:Envelope>"
    )
}

fn fault(code: &str, reason: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>\
         <soap:Fault><faultcode>{code}</faultcode><faultstring>{reason}</faultstring></soap:Fault></soap:Body></soap:Envelope>"
    )
}

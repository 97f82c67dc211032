//! A `clic serve` started for a test on a free port, and raw HTTP/1.1
//! requests to it (raw, so that a test can send the Host, Origin and
//! bodies a browser never would).
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `clic serve`, stopped when dropped.
pub struct Served {
    pub child: Child,
    /// `127.0.0.1:PORT`, as printed.
    pub address: String,
    pub stderr: Option<std::process::ChildStderr>,
}

impl Served {
    /// Starts `clic serve --porta 0 ARGS` and reads the address it prints.
    pub fn start(args: &[&str]) -> Served {
        Served::start_with(args, &[])
    }

    /// The same, with environment variables (the hidden `CLIC_SERVE_*`
    /// times that tests shorten). `CLIC_TEST_BIN` runs another build of
    /// clic instead of this one (how NOTES-h24b.md measured main).
    pub fn start_with(args: &[&str], env: &[(&str, &str)]) -> Served {
        let program = std::env::var_os("CLIC_TEST_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_clic").into());
        let mut child = Command::new(program)
            .env_remove("CLIC_LANG")
            .envs(env.iter().copied())
            .args(["serve", "--porta", "0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("clic serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("clic serve printed its address: {line:?}"));
        let address = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let stderr = child.stderr.take();
        Served {
            child,
            address,
            stderr,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}/", self.address)
    }

    /// The page's per-start token (from its `clic-token` meta element).
    pub fn token(&self) -> String {
        let page = self.get("/").body_text();
        let at = page
            .find("name=\"clic-token\" content=\"")
            .expect("the page holds the token");
        let rest = &page[at + "name=\"clic-token\" content=\"".len()..];
        rest[..rest.find('"').unwrap()].to_string()
    }

    pub fn get(&self, path: &str) -> Answer {
        let host = self.address.clone();
        self.raw(format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes())
    }

    /// A GET with extra headers (the page's token, an Origin).
    pub fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Answer {
        let mut request = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.address
        );
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        self.raw(request.as_bytes())
    }

    /// Uploads `files` as the page does (multipart, with the token).
    pub fn upload(&self, files: &[(&str, &[u8])], token: &str) -> Answer {
        let body = multipart(files);
        self.post(
            "/verifica",
            &[("X-Clic-Token", token), ("Content-Type", BOUNDARY_TYPE)],
            &body,
        )
    }

    pub fn post(&self, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
        let mut request = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.address,
            body.len()
        );
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        let mut bytes = request.into_bytes();
        bytes.extend_from_slice(body);
        self.raw(&bytes)
    }

    /// The server's peak resident memory so far (VmHWM), in MiB.
    #[cfg(target_os = "linux")]
    pub fn peak_memory_mib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status
            .lines()
            .find(|l| l.starts_with("VmHWM:"))
            .expect("VmHWM in /proc/PID/status");
        let kib: u64 = line
            .split_whitespace()
            .nth(1)
            .and_then(|n| n.parse().ok())
            .unwrap();
        kib / 1024
    }

    /// The head of an upload of `length` body bytes, with `headers`.
    pub fn upload_head(&self, length: u64, headers: &[(&str, &str)]) -> String {
        let mut head = format!(
            "POST /verifica HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: {BOUNDARY_TYPE}\r\nContent-Length: {length}\r\n",
            self.address
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        head
    }

    /// Sends `head`, then up to `length` bytes of `x` a MiB at a time
    /// (never holding more), until the server stops taking them; returns
    /// the bytes it took and its answer, if any came before it closed.
    pub fn stream(&self, head: &[u8], length: u64) -> (u64, Option<Answer>) {
        self.stream_between(head, length, b"")
    }

    /// The same, with `last` sent after the `x`s (a multipart's end).
    pub fn stream_between(&self, head: &[u8], length: u64, last: &[u8]) -> (u64, Option<Answer>) {
        let mut stream = TcpStream::connect(&self.address).expect("the server accepts");
        stream.set_write_timeout(Some(Duration::from_secs(5))).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let chunk = vec![b'x'; 1 << 20];
        let mut sent = 0u64;
        if stream.write_all(head).is_ok() {
            while sent < length {
                let n = chunk.len().min((length - sent) as usize);
                match stream.write(&chunk[..n]) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => sent += n as u64,
                }
            }
            if sent == length {
                let _ = stream.write_all(last);
            }
        }
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        let answer = (bytes.windows(4).any(|w| w == b"\r\n\r\n")).then(|| Answer::parse(&bytes));
        (sent, answer)
    }

    /// Sends bytes as they are and reads the whole answer.
    pub fn raw(&self, request: &[u8]) -> Answer {
        raw_to(&self.address, request)
    }

    /// The JSON report of an upload, once its check has finished.
    pub fn report(&self, id: &str, format: &str) -> Answer {
        self.get(&format!("/verifica/{id}/rapporto.{format}"))
    }
}

/// Sends bytes as they are to `address` (a server started in the test's
/// own process, too) and reads the whole answer.
pub fn raw_to(address: &str, request: &[u8]) -> Answer {
    let mut stream = TcpStream::connect(address).expect("the server accepts");
    stream.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    // The server may answer (413) before reading a large body: a write
    // error then is expected, the answer is what counts.
    let _ = stream.write_all(request);
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    Answer::parse(&bytes)
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An archive of `count` distinct valid candidature (each with a comment
/// of its own after the root), for checks and reports that take a while.
pub fn many_documents(count: usize) -> Vec<u8> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let document = std::fs::read(root.join("fixtures/validi/candidatura.xml")).unwrap();
    let mut out = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..count {
        writer.start_file(format!("cv-{i:05}.xml"), options).unwrap();
        writer.write_all(&document).unwrap();
        writer.write_all(format!("<!-- {i} -->").as_bytes()).unwrap();
    }
    writer.finish().unwrap();
    out.into_inner()
}

pub const BOUNDARY_TYPE: &str = "multipart/form-data; boundary=----clic-test-boundary";

pub fn multipart(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "------clic-test-boundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(b"------clic-test-boundary--\r\n");
    body
}

/// An HTTP answer: status, headers (names lower-cased), body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    fn parse(bytes: &[u8]) -> Answer {
        let split = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("an HTTP answer: {:?}", String::from_utf8_lossy(bytes)));
        let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
        let mut lines = head.lines();
        let status = lines
            .next()
            .unwrap()
            .split_whitespace()
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let mut body = bytes[split + 4..].to_vec();
        if headers
            .iter()
            .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"))
        {
            body = dechunk(&body);
        }
        Answer {
            status,
            headers,
            body,
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("JSON ({e}), status {}: {}", self.status, self.body_text()))
    }
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(end) = body.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size = usize::from_str_radix(std::str::from_utf8(&body[..end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&body[end + 2..end + 2 + size]);
        body = &body[end + 4 + size..];
    }
}

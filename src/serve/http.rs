//! The connections of `clic serve`: HTTP/1.1 by hyper on a small tokio
//! runtime, with every limit a local server needs against a client that
//! sends too much or too slowly ([`HttpLimits`]). What each request gets
//! is decided in the parent module; here a request is only carried.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::body::{Body, Bytes, Frame, Incoming, SizeHint};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, watch};
use tokio::time::Sleep;

use super::upload::Pace;

/// What one connection may cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpLimits {
    /// The request line and headers together, in bytes.
    pub max_head_bytes: usize,
    /// The request line and headers must be in within this time (also
    /// how long an idle connection is kept for its next request).
    pub head_timeout: Duration,
    /// How fast an upload's body must arrive.
    pub pace: Pace,
    /// A client that takes nothing of an answer for this long is cut.
    pub send_stall: Duration,
    /// Connections open at once; more are closed as they come.
    pub max_connections: usize,
}

/// Hyper's smallest read buffer; the body is read in pieces of at most
/// this size.
const READ_BUFFER: usize = 64 << 10;

impl Default for HttpLimits {
    fn default() -> HttpLimits {
        HttpLimits {
            max_head_bytes: 16 << 10,
            head_timeout: Duration::from_secs(10),
            pace: Pace::default(),
            send_stall: Duration::from_secs(30),
            max_connections: 256,
        }
    }
}

impl HttpLimits {
    /// The defaults, with the times that tests shorten through hidden
    /// environment variables (milliseconds, or bytes a second for the
    /// rate): `CLIC_SERVE_HEAD_TIMEOUT_MS`, `CLIC_SERVE_BODY_WINDOW_MS`,
    /// `CLIC_SERVE_BODY_MIN_RATE`, `CLIC_SERVE_BODY_DEADLINE_MS`,
    /// `CLIC_SERVE_SEND_STALL_MS`. A value that is not a positive number
    /// leaves the default.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> HttpLimits {
        let number = |name: &str| {
            var(name)
                .and_then(|v| v.trim().parse::<u64>().ok())
                .filter(|n| *n > 0)
        };
        let millis = |name: &str| number(name).map(Duration::from_millis);
        let mut limits = HttpLimits::default();
        if let Some(t) = millis("CLIC_SERVE_HEAD_TIMEOUT_MS") {
            limits.head_timeout = t;
        }
        if let Some(t) = millis("CLIC_SERVE_BODY_WINDOW_MS") {
            limits.pace.window = t;
        }
        if let Some(rate) = number("CLIC_SERVE_BODY_MIN_RATE") {
            limits.pace.min_rate = rate;
        }
        if let Some(t) = millis("CLIC_SERVE_BODY_DEADLINE_MS") {
            limits.pace.deadline = t;
        }
        if let Some(t) = millis("CLIC_SERVE_SEND_STALL_MS") {
            limits.send_stall = t;
        }
        limits
    }
}

/// An answer's body: one buffer, sent in pieces, holding what must live
/// until it is sent (a render's turn: the report stays in memory until
/// then, so the turn counts it).
pub struct Payload {
    bytes: Bytes,
    held: Option<Box<dyn Send + Sync>>,
}

/// Pieces of an answer handed to the connection at a time: a client that
/// reads slowly keeps the rest here, counted by the turn.
const PIECE: usize = 64 << 10;

impl Payload {
    pub fn new(bytes: impl Into<Bytes>) -> Payload {
        Payload {
            bytes: bytes.into(),
            held: None,
        }
    }

    /// Keeps `held` until the last piece has been handed over.
    pub fn holding(mut self, held: impl Send + Sync + 'static) -> Payload {
        self.held = Some(Box::new(held));
        self
    }
}

impl Body for Payload {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        if self.bytes.is_empty() {
            self.held = None;
            return Poll::Ready(None);
        }
        let n = self.bytes.len().min(PIECE);
        let piece = self.bytes.split_to(n);
        if self.bytes.is_empty() {
            self.held = None;
        }
        Poll::Ready(Some(Ok(Frame::data(piece))))
    }

    fn is_end_stream(&self) -> bool {
        self.bytes.is_empty()
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.bytes.len() as u64)
    }
}

/// A connection whose writes may not stay blocked longer than `limit`:
/// a client that stops reading an answer is cut instead of holding it.
struct Stall<T> {
    inner: T,
    limit: Duration,
    blocked: Option<Pin<Box<Sleep>>>,
}

impl<T> Stall<T> {
    fn watch<R>(&mut self, poll: Poll<io::Result<R>>, cx: &mut Context<'_>) -> Poll<io::Result<R>> {
        match poll {
            Poll::Ready(result) => {
                self.blocked = None;
                Poll::Ready(result)
            }
            Poll::Pending => {
                let limit = self.limit;
                let blocked = self
                    .blocked
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
                if blocked.as_mut().poll(cx).is_ready() {
                    self.blocked = None;
                    return Poll::Ready(Err(io::ErrorKind::TimedOut.into()));
                }
                Poll::Pending
            }
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Stall<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Stall<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.watch(poll, cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.watch(poll, cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.inner).poll_flush(cx);
        self.watch(poll, cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.inner).poll_shutdown(cx);
        self.watch(poll, cx)
    }
}

pub type Answer = hyper::Response<Payload>;

/// Accepts connections on `listener` and answers each request with
/// `answer`, until `stop` turns true. Each connection is a task; past
/// `max_connections` open at once a new one is closed at once.
pub async fn serve<F, Fut>(
    listener: TcpListener,
    limits: HttpLimits,
    mut stop: watch::Receiver<bool>,
    answer: F,
) where
    F: Fn(hyper::Request<Incoming>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Answer> + Send + 'static,
{
    let open = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.wait_for(|stopping| *stopping) => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            // Out of descriptors, or a connection reset before it was
            // taken: the client's or the moment's, not a reason to stop.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let Ok(slot) = Arc::clone(&open).try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let answer = answer.clone();
        tokio::spawn(async move {
            connection(stream, limits, answer).await;
            drop(slot);
        });
    }
}

async fn connection<F, Fut>(stream: TcpStream, limits: HttpLimits, answer: F)
where
    F: Fn(hyper::Request<Incoming>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Answer> + Send + 'static,
{
    let _ = stream.set_nodelay(true);
    let io = TokioIo::new(Stall {
        inner: stream,
        limit: limits.send_stall,
        blocked: None,
    });
    let service = hyper::service::service_fn(move |request| {
        let answered = answer(request);
        async move { Ok::<_, Infallible>(answered.await) }
    });
    // A failed connection (the client left, a head too large or too slow,
    // an answer not taken) ends here; hyper has answered what it could.
    let _ = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .max_buf_size(READ_BUFFER)
        .max_header_size(limits.max_head_bytes)
        .header_read_timeout(limits.head_timeout)
        .serve_connection(io, service)
        .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_variables_shorten_the_times_and_nonsense_keeps_the_defaults() {
        let limits = HttpLimits::from_env(|name| match name {
            "CLIC_SERVE_HEAD_TIMEOUT_MS" => Some("500".into()),
            "CLIC_SERVE_BODY_MIN_RATE" => Some("1024".into()),
            "CLIC_SERVE_BODY_WINDOW_MS" => Some("zero".into()),
            "CLIC_SERVE_SEND_STALL_MS" => Some("0".into()),
            _ => None,
        });
        let defaults = HttpLimits::default();
        assert_eq!(limits.head_timeout, Duration::from_millis(500));
        assert_eq!(limits.pace.min_rate, 1024);
        assert_eq!(limits.pace.window, defaults.pace.window);
        assert_eq!(limits.send_stall, defaults.send_stall);
        assert_eq!(HttpLimits::from_env(|_| None), defaults);
    }

    #[test]
    fn a_client_that_stops_reading_is_cut_after_the_stall_limit() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let (error, waited) = runtime.block_on(async {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            // A client that connects and never reads.
            let _client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
            let (server, _) = listener.accept().await.unwrap();
            let mut stall = Stall {
                inner: server,
                limit: Duration::from_millis(200),
                blocked: None,
            };
            let piece = vec![0u8; 64 << 10];
            let started = tokio::time::Instant::now();
            // Bounded: the socket buffers hold a few MiB at most.
            let writing = async {
                for _ in 0..10_000 {
                    let written =
                        std::future::poll_fn(|cx| Pin::new(&mut stall).poll_write(cx, &piece)).await;
                    if let Err(error) = written {
                        return error.kind();
                    }
                }
                panic!("640 MB written to a client that reads nothing");
            };
            let error = tokio::time::timeout(Duration::from_secs(10), writing)
                .await
                .expect("the blocked write was never cut");
            (error, started.elapsed())
        });
        assert_eq!(error, io::ErrorKind::TimedOut);
        assert!(waited >= Duration::from_millis(200), "{waited:?}");
    }

    #[test]
    fn an_answer_is_handed_over_in_pieces_and_lets_go_of_its_turn_at_the_end() {
        let held = Arc::new(());
        let mut payload = Payload::new(vec![7u8; PIECE + 10]).holding(Arc::clone(&held));
        let mut cx = Context::from_waker(std::task::Waker::noop());
        let mut sizes = Vec::new();
        while let Poll::Ready(Some(Ok(frame))) = Pin::new(&mut payload).poll_frame(&mut cx) {
            sizes.push(frame.into_data().unwrap().len());
            if sizes.len() == 1 {
                assert_eq!(Arc::strong_count(&held), 2, "held while pieces remain");
            }
        }
        assert_eq!(sizes, vec![PIECE, 10]);
        assert_eq!(Arc::strong_count(&held), 1, "let go with the last piece");
    }
}

//! An upload: a `multipart/form-data` body read as it arrives, each file
//! part copied once into its own buffer and opened as an input of the
//! check, as `clic verify` would open a file of the same bytes. Nothing is
//! written to disk.
//!
//! The body is read only after the request was let in (see `guard`), at a
//! minimum pace ([`Pace`]): a client sending a byte now and then is cut,
//! and holds no check slot while it sends (the slot is taken once the body
//! is in).

use std::future::poll_fn;
use std::pin::Pin;
use std::time::Duration;

use futures_util::Stream;
use hyper::body::{Body, Bytes};
use tokio::time::Instant;

use crate::input::Input;
use crate::input::limits::Limits;

/// Why an upload was not checked (answered with a 4xx).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadError {
    /// The body is larger than `--max-total-bytes`.
    TooLarge { max: u64 },
    /// More files than `--max-entries`, counting the files inside archives.
    TooManyFiles { max: u64 },
    /// Not `multipart/form-data` with a boundary.
    NotMultipart,
    /// No `Content-Length`: the body's size must be known before it is read.
    LengthRequired,
    /// A multipart body that does not parse (the parser's reason).
    Malformed(String),
    /// A well-formed body with no file in it.
    NoFiles,
    /// The connection failed while the body was read.
    Read(String),
    /// The body came slower than `min_rate` bytes a second (over any
    /// window of the pace), or was not all in after `deadline_secs`.
    TooSlow { min_rate: u64, deadline_secs: u64 },
}

/// Room for the multipart framing around the files' own bytes.
pub const FRAMING: u64 = 64 << 10;

/// How fast a body must arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    /// Each window of this length must bring `min_rate × window` bytes
    /// (unless the body ends in it).
    pub window: Duration,
    /// Bytes a second, averaged over a window.
    pub min_rate: u64,
    /// The whole body, however fast its windows.
    pub deadline: Duration,
}

impl Default for Pace {
    fn default() -> Pace {
        Pace {
            window: Duration::from_secs(10),
            min_rate: 16 << 10,
            deadline: Duration::from_secs(30 * 60),
        }
    }
}

impl Pace {
    fn too_slow(&self) -> UploadError {
        UploadError::TooSlow {
            min_rate: self.min_rate,
            deadline_secs: self.deadline.as_secs(),
        }
    }

    fn min_per_window(&self) -> u64 {
        (self.min_rate as f64 * self.window.as_secs_f64()) as u64
    }
}

/// The multipart boundary of a `Content-Type`.
pub fn boundary(content_type: Option<&str>) -> Result<String, UploadError> {
    content_type
        .and_then(|ct| multer::parse_boundary(ct).ok())
        .ok_or(UploadError::NotMultipart)
}

/// The most body bytes an upload may send: the files' limit and their framing.
pub fn max_body(limits: &Limits) -> u64 {
    limits.max_total_bytes.saturating_add(FRAMING)
}

/// What may be known of a body before reading it: its declared length
/// must be there and within [`max_body`].
pub fn admit(declared: Option<u64>, limits: &Limits) -> Result<u64, UploadError> {
    let declared = declared.ok_or(UploadError::LengthRequired)?;
    if declared > max_body(limits) {
        return Err(UploadError::TooLarge {
            max: limits.max_total_bytes,
        });
    }
    Ok(declared)
}

/// How a stream of body chunks stopped early: the upload's error, carried
/// through the multipart parser.
#[derive(Debug)]
struct Cut(UploadError);

impl std::fmt::Display for Cut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl std::error::Error for Cut {}

/// A body's chunks as they arrive, cut with an error when the body breaks
/// `pace` or goes past `max` bytes.
fn paced<B>(body: B, pace: Pace, max: u64) -> impl Stream<Item = Result<Bytes, Cut>> + Send
where
    B: Body<Data = Bytes> + Send + Unpin,
    B::Error: std::fmt::Display,
{
    let now = Instant::now();
    let reading = Reading {
        body,
        started: now,
        window_start: now,
        window_bytes: 0,
        total: 0,
        over: false,
    };
    futures_util::stream::unfold(reading, move |mut r| async move {
        if r.over {
            return None;
        }
        let item = next_chunk(&mut r, pace, max).await?;
        r.over = item.is_err();
        Some((item, r))
    })
}

/// The reading state of [`paced`].
struct Reading<B> {
    body: B,
    started: Instant,
    window_start: Instant,
    window_bytes: u64,
    total: u64,
    /// Cut: the stream has ended with an error.
    over: bool,
}

/// The next chunk of the body; `None` at its end.
async fn next_chunk<B>(r: &mut Reading<B>, pace: Pace, max: u64) -> Option<Result<Bytes, Cut>>
where
    B: Body<Data = Bytes> + Unpin,
    B::Error: std::fmt::Display,
{
    let deadline = r.started + pace.deadline;
    loop {
        let window_end = r.window_start + pace.window;
        let next = poll_fn(|cx| Pin::new(&mut r.body).poll_frame(cx));
        match tokio::time::timeout_at(window_end.min(deadline), next).await {
            Err(_) => {
                let now = Instant::now();
                if now >= deadline || r.window_bytes < pace.min_per_window() {
                    return Some(Err(Cut(pace.too_slow())));
                }
                r.window_start = now;
                r.window_bytes = 0;
            }
            Ok(None) => return None,
            Ok(Some(Err(e))) => return Some(Err(Cut(UploadError::Read(e.to_string())))),
            Ok(Some(Ok(frame))) => {
                // Trailers carry no file bytes.
                let Ok(data) = frame.into_data() else { continue };
                let len = data.len() as u64;
                r.total += len;
                if r.total > max {
                    return Some(Err(Cut(UploadError::TooLarge {
                        max: max.saturating_sub(FRAMING),
                    })));
                }
                r.window_bytes += len;
                let now = Instant::now();
                if now >= window_end {
                    if r.window_bytes < pace.min_per_window() {
                        return Some(Err(Cut(pace.too_slow())));
                    }
                    r.window_start = now;
                    r.window_bytes = 0;
                }
                return Some(Ok(data));
            }
        }
    }
}

/// Reads a multipart body of `declared` bytes (as [`admit`] let in) and
/// returns its files, by the name the browser gave them (a folder's files
/// keep their relative path). Each file's bytes are copied once, from the
/// network's chunks into one buffer sized from the bytes still to come.
pub async fn receive<B>(
    body: B,
    boundary: String,
    declared: u64,
    pace: Pace,
    limits: &Limits,
) -> Result<Vec<(String, Vec<u8>)>, UploadError>
where
    B: Body<Data = Bytes> + Send + Unpin + 'static,
    B::Error: std::fmt::Display,
{
    let stream = paced(body, pace, max_body(limits));
    files(stream, boundary, declared, limits).await
}

/// A file's first buffer; past it, the file grows once to its room.
const FIRST_CAPACITY: usize = 1 << 20;

/// The files of a multipart stream.
async fn files<S>(
    stream: S,
    boundary: String,
    declared: u64,
    limits: &Limits,
) -> Result<Vec<(String, Vec<u8>)>, UploadError>
where
    S: Stream<Item = Result<Bytes, Cut>> + Send,
{
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    // No file can be longer than the body less the files before it (its
    // room). A file past its first MiB grows once, to its room, so that a
    // large file is never copied by doubling (which holds the old and the
    // new buffer at once); pages never written are never taken. Trimmed at
    // the end, a buffer is copied only when the file is under half its
    // room: the rest of the body, at least as large, is not in yet, so the
    // upload never holds more than its own size.
    let mut room = usize::try_from(declared).unwrap_or(usize::MAX);
    while let Some(mut field) = multipart.next_field().await.map_err(upload_error)? {
        let Some(name) = field.file_name().map(str::to_string) else {
            continue;
        };
        if files.len() as u64 >= limits.max_entries {
            return Err(UploadError::TooManyFiles {
                max: limits.max_entries,
            });
        }
        let mut bytes = Vec::with_capacity(room.min(FIRST_CAPACITY));
        while let Some(chunk) = field.chunk().await.map_err(upload_error)? {
            if bytes.capacity() - bytes.len() < chunk.len() {
                bytes.reserve_exact(room.saturating_sub(bytes.len()).max(chunk.len()));
            }
            bytes.extend_from_slice(&chunk);
        }
        bytes.shrink_to_fit();
        room = room.saturating_sub(bytes.len());
        files.push((name, bytes));
    }
    if files.is_empty() {
        return Err(UploadError::NoFiles);
    }
    Ok(files)
}

fn upload_error(error: multer::Error) -> UploadError {
    match error {
        multer::Error::StreamReadFailed(cause) => match cause.downcast::<Cut>() {
            Ok(cut) => cut.0,
            Err(other) => UploadError::Read(other.to_string()),
        },
        other => UploadError::Malformed(other.to_string()),
    }
}

/// Uploaded files: each one's name and bytes.
type Files = Vec<(String, Vec<u8>)>;

/// Each uploaded file as an input: an archive if it starts like one,
/// otherwise a single file, with the limits of `verify`. Files sent with a
/// folder's path (`CV 2026/rossi.xml`, a folder chosen on the page) make
/// one folder input each, as `clic verify` reads a folder. More files in
/// all than `--max-entries`, counting each archive's files, is refused.
pub fn inputs(files: Files, limits: &Limits) -> Result<Vec<Input>, UploadError> {
    let mut inputs = Vec::new();
    let mut folders: Vec<(String, Files)> = Vec::new();
    // A folder's place in `folders`: uploads may name thousands of folders.
    let mut folder_at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (name, bytes) in files {
        match name.split_once('/') {
            Some((folder, rest)) if !folder.is_empty() && !rest.is_empty() => match folder_at.get(folder) {
                Some(&at) => folders[at].1.push((rest.to_string(), bytes)),
                None => {
                    folder_at.insert(folder.to_string(), folders.len());
                    folders.push((folder.to_string(), vec![(rest.to_string(), bytes)]));
                }
            },
            _ => {
                // `-` means stdin to the input module: a file so named is still a file.
                let name = if name == "-" { "./-".to_string() } else { name };
                inputs.push(Input::from_bytes(&name, bytes, limits));
            }
        }
    }
    for (folder, files) in folders {
        inputs.push(Input::memory_folder(&folder, files, limits));
    }
    let total = inputs.iter().fold(0u64, |total, input| {
        total.saturating_add(input.entries.len() as u64)
    });
    if total > limits.max_entries {
        return Err(UploadError::TooManyFiles {
            max: limits.max_entries,
        });
    }
    Ok(inputs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut out = String::new();
        for (name, text) in parts {
            out.push_str(&format!(
                "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n{text}\r\n"
            ));
        }
        out.push_str("--XyZ--\r\n");
        out.into_bytes()
    }

    const CT: &str = "multipart/form-data; boundary=XyZ";

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(future)
    }

    /// `bytes` in chunks of `size`, as a network would hand them over.
    fn chunked(bytes: Vec<u8>, size: usize) -> impl Stream<Item = Result<Bytes, Cut>> + Send {
        let chunks: Vec<Result<Bytes, Cut>> = bytes
            .chunks(size)
            .map(|c| Ok(Bytes::copy_from_slice(c)))
            .collect();
        futures_util::stream::iter(chunks)
    }

    fn parse(bytes: Vec<u8>, limits: &Limits) -> Result<Vec<(String, Vec<u8>)>, UploadError> {
        let declared = bytes.len() as u64;
        let boundary = boundary(Some(CT))?;
        block_on(files(chunked(bytes, 7), boundary, declared, limits))
    }

    #[test]
    fn every_file_part_is_kept_with_its_name() {
        let got = parse(
            body(&[("a.xml", "<a/>"), ("b/c.xml", "<c/>")]),
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(
            got,
            vec![
                ("a.xml".into(), b"<a/>".to_vec()),
                ("b/c.xml".into(), b"<c/>".to_vec())
            ]
        );
        // Each buffer holds its file, not the room it was given.
        assert!(got.iter().all(|(_, bytes)| bytes.capacity() == bytes.len()));
    }

    #[test]
    fn more_files_than_max_entries_is_refused() {
        let limits = Limits {
            max_entries: 1,
            ..Limits::default()
        };
        let got = parse(body(&[("a.xml", "<a/>"), ("b.xml", "<b/>")]), &limits);
        assert_eq!(got, Err(UploadError::TooManyFiles { max: 1 }));
    }

    #[test]
    fn files_inside_archives_count_towards_max_entries() {
        let zip = |names: &[&str]| {
            let mut out = std::io::Cursor::new(Vec::new());
            let mut writer = zip::ZipWriter::new(&mut out);
            for name in names {
                writer
                    .start_file(*name, zip::write::SimpleFileOptions::default())
                    .unwrap();
                std::io::Write::write_all(&mut writer, b"<a/>").unwrap();
            }
            writer.finish().unwrap();
            out.into_inner()
        };
        let limits = Limits {
            max_entries: 4,
            ..Limits::default()
        };
        let two = || ("a.zip".to_string(), zip(&["1.xml", "2.xml"]));
        let inputs = super::inputs(vec![two(), two()], &limits).unwrap();
        assert_eq!(inputs.iter().map(|i| i.entries.len()).sum::<usize>(), 4);
        assert_eq!(
            super::inputs(vec![two(), two(), ("c.xml".into(), b"<c/>".to_vec())], &limits).err(),
            Some(UploadError::TooManyFiles { max: 4 })
        );
    }

    #[test]
    fn a_body_cut_short_is_malformed_and_no_boundary_is_not_multipart() {
        let mut cut = body(&[("a.xml", "<a/>")]);
        cut.truncate(40);
        assert!(matches!(
            parse(cut, &Limits::default()),
            Err(UploadError::Malformed(_))
        ));
        assert_eq!(boundary(Some("text/plain")), Err(UploadError::NotMultipart));
        assert_eq!(boundary(None), Err(UploadError::NotMultipart));
        assert_eq!(
            parse(b"--XyZ--\r\n".to_vec(), &Limits::default()),
            Err(UploadError::NoFiles)
        );
    }

    #[test]
    fn a_body_past_the_limit_or_without_a_length_is_refused_before_it_is_read() {
        let limits = Limits {
            max_total_bytes: 10,
            ..Limits::default()
        };
        let max = 10 + FRAMING;
        assert_eq!(admit(Some(max), &limits), Ok(max));
        assert_eq!(
            admit(Some(max + 1), &limits),
            Err(UploadError::TooLarge { max: 10 })
        );
        assert_eq!(admit(None, &limits), Err(UploadError::LengthRequired));
    }

    /// A body whose frames come from a channel, as slowly as the test sends them.
    struct Trickle(tokio::sync::mpsc::Receiver<Bytes>);

    impl Body for Trickle {
        type Data = Bytes;
        type Error = std::convert::Infallible;
        fn poll_frame(
            mut self: Pin<&mut Self>,
            cx: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<hyper::body::Frame<Bytes>, Self::Error>>> {
            self.0
                .poll_recv(cx)
                .map(|chunk| chunk.map(|c| Ok(hyper::body::Frame::data(c))))
        }
    }

    #[test]
    fn a_body_slower_than_the_pace_is_cut_and_one_past_the_limit_too() {
        let pace = Pace {
            window: Duration::from_millis(100),
            min_rate: 100,
            deadline: Duration::from_secs(60),
        };
        let slow = block_on(async {
            let (send, receive) = tokio::sync::mpsc::channel(4);
            let sender = tokio::spawn(async move {
                for _ in 0..50 {
                    if send.send(Bytes::from_static(b"-")).await.is_err() {
                        return;
                    }
                    tokio::time::sleep(Duration::from_millis(40)).await;
                }
            });
            let got = super::receive(Trickle(receive), "XyZ".into(), 1000, pace, &Limits::default()).await;
            sender.abort();
            got
        });
        assert_eq!(
            slow,
            Err(UploadError::TooSlow {
                min_rate: 100,
                deadline_secs: 60
            })
        );

        let limits = Limits {
            max_total_bytes: 10,
            ..Limits::default()
        };
        let past = block_on(async {
            let (send, receive) = tokio::sync::mpsc::channel(4);
            tokio::spawn(async move {
                let big = Bytes::from(vec![b'x'; FRAMING as usize]);
                for _ in 0..3 {
                    if send.send(big.clone()).await.is_err() {
                        return;
                    }
                }
            });
            super::receive(Trickle(receive), "XyZ".into(), 100, pace, &limits).await
        });
        assert_eq!(past, Err(UploadError::TooLarge { max: 10 }));
    }
}

//! An upload: a `multipart/form-data` body read into memory, each file
//! part an input of the check, as `clic verify` would open a file of the
//! same bytes. Nothing is written to disk.

use std::convert::Infallible;
use std::io::Read;

use multer::bytes::Bytes;

use crate::input::Input;
use crate::input::limits::Limits;

/// Why an upload was not checked (answered with a 4xx).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadError {
    /// The body is larger than `--max-total-bytes`.
    TooLarge { max: u64 },
    /// More files than `--max-entries`.
    TooManyFiles { max: u64 },
    /// Not `multipart/form-data` with a boundary.
    NotMultipart,
    /// A multipart body that does not parse (the parser's reason).
    Malformed(String),
    /// A well-formed body with no file in it.
    NoFiles,
    /// The connection failed while the body was read.
    Read(String),
}

/// Room for the multipart framing around the files' own bytes.
pub const FRAMING: u64 = 64 << 10;

/// Reads a body of at most `limit` bytes of files (plus their framing); a
/// longer body, announced or sent, is refused without keeping more.
pub fn read_body(declared: Option<usize>, body: &mut dyn Read, limit: u64) -> Result<Vec<u8>, UploadError> {
    let max = limit.saturating_add(FRAMING);
    let too_large = UploadError::TooLarge { max: limit };
    if declared.is_some_and(|n| n as u64 > max) {
        return Err(too_large);
    }
    let mut bytes = Vec::with_capacity(declared.unwrap_or(0));
    body.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| UploadError::Read(e.to_string()))?;
    if bytes.len() as u64 > max {
        return Err(too_large);
    }
    Ok(bytes)
}

/// The files of a multipart body, by the name the browser gave them
/// (a folder's files keep their relative path).
pub fn files(
    content_type: Option<&str>,
    body: Vec<u8>,
    limits: &Limits,
) -> Result<Vec<(String, Vec<u8>)>, UploadError> {
    let boundary = content_type
        .and_then(|ct| multer::parse_boundary(ct).ok())
        .ok_or(UploadError::NotMultipart)?;
    let stream = futures_util::stream::once(async move { Ok::<Bytes, Infallible>(Bytes::from(body)) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    futures_executor::block_on(async {
        let mut files = Vec::new();
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|e| UploadError::Malformed(e.to_string()))?
        {
            let Some(name) = field.file_name().map(str::to_string) else {
                continue;
            };
            if files.len() as u64 >= limits.max_entries {
                return Err(UploadError::TooManyFiles {
                    max: limits.max_entries,
                });
            }
            let bytes = field
                .bytes()
                .await
                .map_err(|e| UploadError::Malformed(e.to_string()))?;
            files.push((name, bytes.to_vec()));
        }
        if files.is_empty() {
            return Err(UploadError::NoFiles);
        }
        Ok(files)
    })
}

/// Uploaded files: each one's name and bytes.
type Files = Vec<(String, Vec<u8>)>;

/// Each uploaded file as an input: an archive if it starts like one,
/// otherwise a single file, with the limits of `verify`. Files sent with a
/// folder's path (`CV 2026/rossi.xml`, a folder chosen on the page) make
/// one folder input each, as `clic verify` reads a folder.
pub fn inputs(files: Files, limits: &Limits) -> Vec<Input> {
    let mut inputs = Vec::new();
    let mut folders: Vec<(String, Files)> = Vec::new();
    for (name, bytes) in files {
        match name.split_once('/') {
            Some((folder, rest)) if !folder.is_empty() && !rest.is_empty() => {
                match folders.iter_mut().find(|(f, _)| f == folder) {
                    Some((_, files)) => files.push((rest.to_string(), bytes)),
                    None => folders.push((folder.to_string(), vec![(rest.to_string(), bytes)])),
                }
            }
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
    inputs
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

    #[test]
    fn every_file_part_is_kept_with_its_name() {
        let got = files(
            Some(CT),
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
    }

    #[test]
    fn more_files_than_max_entries_is_refused() {
        let limits = Limits {
            max_entries: 1,
            ..Limits::default()
        };
        let got = files(Some(CT), body(&[("a.xml", "<a/>"), ("b.xml", "<b/>")]), &limits);
        assert_eq!(got, Err(UploadError::TooManyFiles { max: 1 }));
    }

    #[test]
    fn a_body_cut_short_is_malformed_and_no_boundary_is_not_multipart() {
        let mut cut = body(&[("a.xml", "<a/>")]);
        cut.truncate(40);
        assert!(matches!(
            files(Some(CT), cut, &Limits::default()),
            Err(UploadError::Malformed(_))
        ));
        assert_eq!(
            files(Some("text/plain"), Vec::new(), &Limits::default()),
            Err(UploadError::NotMultipart)
        );
        assert_eq!(
            files(Some(CT), b"--XyZ--\r\n".to_vec(), &Limits::default()),
            Err(UploadError::NoFiles)
        );
    }

    #[test]
    fn a_body_past_the_limit_is_refused_announced_or_not() {
        let max = 10 + FRAMING as usize;
        let past = vec![b'x'; max + 1];
        let too_large = Err(UploadError::TooLarge { max: 10 });
        assert_eq!(read_body(Some(max + 1), &mut &b""[..], 10), too_large);
        assert_eq!(read_body(None, &mut &past[..], 10), too_large);
        assert_eq!(read_body(None, &mut &past[1..], 10).unwrap().len(), max);
    }
}

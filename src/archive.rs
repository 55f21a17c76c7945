//! A ZIP archive of stored (uncompressed) files: how the studio hands a published library to
//! a browser without a folder to write into (compiler only).
//!
//! Only what a download of a few hundred small JSON files needs: no compression (the files
//! are small and the web server compresses them anyway), no ZIP64, no directory entries
//! (unzip tools make the folders a name implies), names marked UTF-8. Every entry has the
//! same fixed DOS timestamp, so the same files always make the same bytes. CRC-32 is the
//! IEEE polynomial, hand-written: a table built at compile time.

/// The DOS date of every entry: 1 January 1980 (the earliest a DOS date can say), so the
/// archive does not depend on the clock (the core has none).
const DOS_DATE: u16 = (1 << 5) | 1;
/// The DOS time of every entry: midnight.
const DOS_TIME: u16 = 0;
/// "Version needed to extract": 1.0, stored entries without ZIP64.
const VERSION: u16 = 10;
/// General-purpose flag bit 11: names are UTF-8.
const UTF8_NAMES: u16 = 1 << 11;

const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_CENTRAL_DIRECTORY: u32 = 0x0605_4b50;

/// Why an archive could not be made: it would need ZIP64, which this writer does not write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TooLarge(pub String);

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

const TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut n = 0;
    while n < 256 {
        let mut c = n as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[n] = c;
        n += 1;
    }
    table
};

/// The CRC-32 (IEEE 802.3, as ZIP, gzip and PNG use it) of `bytes`.
pub fn crc32(bytes: &[u8]) -> u32 {
    !bytes.iter().fold(!0u32, |crc, &b| {
        TABLE[((crc ^ u32::from(b)) & 0xFF) as usize] ^ (crc >> 8)
    })
}

/// A ZIP archive of `files`, each `(name, bytes)` stored as it is, in the order given. Names
/// use `/` between folders, as ZIP requires. Refuses what would need ZIP64: more than 65,535
/// files, or a file, name or archive of 4 GiB or more.
pub fn zip<N: AsRef<str>, B: AsRef<[u8]>>(files: &[(N, B)]) -> Result<Vec<u8>, TooLarge> {
    let count = u16::try_from(files.len()).map_err(|_| {
        TooLarge(format!(
            "{} files, over the 65,535 a ZIP holds",
            files.len()
        ))
    })?;
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, bytes) in files {
        let (name, bytes) = (name.as_ref().as_bytes(), bytes.as_ref());
        let too_large = || TooLarge(format!("{} is too large for a ZIP", name.escape_ascii()));
        let size = u32::try_from(bytes.len()).map_err(|_| too_large())?;
        let name_len = u16::try_from(name.len()).map_err(|_| too_large())?;
        let offset = u32::try_from(out.len()).map_err(|_| too_large())?;
        let crc = crc32(bytes);
        // The fields a local header and its central-directory entry share, in order.
        let mut common = Vec::with_capacity(26);
        for half in [VERSION, UTF8_NAMES, 0, DOS_TIME, DOS_DATE] {
            common.extend_from_slice(&half.to_le_bytes());
        }
        for word in [crc, size, size] {
            common.extend_from_slice(&word.to_le_bytes());
        }
        common.extend_from_slice(&name_len.to_le_bytes());
        common.extend_from_slice(&0u16.to_le_bytes()); // extra field length

        out.extend_from_slice(&LOCAL_HEADER.to_le_bytes());
        out.extend_from_slice(&common);
        out.extend_from_slice(name);
        out.extend_from_slice(bytes);

        central.extend_from_slice(&CENTRAL_HEADER.to_le_bytes());
        central.extend_from_slice(&VERSION.to_le_bytes()); // version made by: MS-DOS, 1.0
        central.extend_from_slice(&common);
        for half in [0u16, 0, 0] {
            // comment length, disk number start, internal attributes
            central.extend_from_slice(&half.to_le_bytes());
        }
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name);
    }
    let too_large = || TooLarge("the files together are too large for a ZIP".to_owned());
    let central_offset = u32::try_from(out.len()).map_err(|_| too_large())?;
    let central_size = u32::try_from(central.len()).map_err(|_| too_large())?;
    out.extend_from_slice(&central);
    out.extend_from_slice(&END_OF_CENTRAL_DIRECTORY.to_le_bytes());
    for half in [0u16, 0, count, count] {
        // this disk, the disk the directory starts on, entries here, entries in all
        out.extend_from_slice(&half.to_le_bytes());
    }
    out.extend_from_slice(&central_size.to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // comment length
    u32::try_from(out.len()).map_err(|_| too_large())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{crc32, zip};

    fn u16_at(bytes: &[u8], at: usize) -> u16 {
        u16::from_le_bytes([bytes[at], bytes[at + 1]])
    }

    fn u32_at(bytes: &[u8], at: usize) -> u32 {
        u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
    }

    #[test]
    fn crc32_matches_known_values() {
        assert_eq!(crc32(b""), 0);
        // The check value of CRC-32/ISO-HDLC (the catalogue of parametrised CRC algorithms).
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b"a"), 0xE8B7_BE43);
        assert_eq!(
            crc32(b"The quick brown fox jumps over the lazy dog"),
            0x414F_A339
        );
        assert_eq!(crc32(&[0u8; 32]), 0x190A_55AD);
    }

    #[test]
    fn an_empty_archive_is_its_end_record() {
        let bytes = zip::<&str, &[u8]>(&[]).unwrap();
        assert_eq!(
            bytes,
            [
                0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
            ]
        );
    }

    #[test]
    fn headers_and_central_directory_describe_each_file() {
        let files = [
            ("catalog.json", b"{\"drills\":[]}".to_vec()),
            ("phishing/look-alike.json", b"{}".to_vec()),
        ];
        let bytes = zip(&files).unwrap();

        // Local headers, each followed by its name and bytes, stored as they are.
        let mut at = 0;
        let mut offsets = Vec::new();
        for (name, data) in &files {
            offsets.push(at as u32);
            assert_eq!(u32_at(&bytes, at), 0x0403_4b50, "local header signature");
            assert_eq!(u16_at(&bytes, at + 4), 10, "version needed");
            assert_eq!(u16_at(&bytes, at + 6), 1 << 11, "UTF-8 names");
            assert_eq!(u16_at(&bytes, at + 8), 0, "stored");
            assert_eq!(u16_at(&bytes, at + 10), 0, "time: midnight");
            assert_eq!(u16_at(&bytes, at + 12), 0x21, "date: 1980-01-01");
            assert_eq!(u32_at(&bytes, at + 14), crc32(data));
            assert_eq!(
                u32_at(&bytes, at + 18),
                data.len() as u32,
                "compressed size"
            );
            assert_eq!(u32_at(&bytes, at + 22), data.len() as u32, "size");
            assert_eq!(u16_at(&bytes, at + 26) as usize, name.len());
            assert_eq!(u16_at(&bytes, at + 28), 0, "no extra field");
            let name_at = at + 30;
            assert_eq!(&bytes[name_at..name_at + name.len()], name.as_bytes());
            let data_at = name_at + name.len();
            assert_eq!(&bytes[data_at..data_at + data.len()], &data[..]);
            at = data_at + data.len();
        }

        // The central directory: one entry per file, pointing back at its local header.
        let central = at;
        for ((name, data), offset) in files.iter().zip(&offsets) {
            assert_eq!(u32_at(&bytes, at), 0x0201_4b50, "central header signature");
            assert_eq!(u16_at(&bytes, at + 6), 10, "version needed");
            assert_eq!(u16_at(&bytes, at + 8), 1 << 11);
            assert_eq!(u16_at(&bytes, at + 10), 0, "stored");
            assert_eq!(u16_at(&bytes, at + 14), 0x21);
            assert_eq!(u32_at(&bytes, at + 16), crc32(data));
            assert_eq!(u32_at(&bytes, at + 20), data.len() as u32);
            assert_eq!(u32_at(&bytes, at + 24), data.len() as u32);
            assert_eq!(u16_at(&bytes, at + 28) as usize, name.len());
            assert_eq!(u16_at(&bytes, at + 30), 0, "extra");
            assert_eq!(u16_at(&bytes, at + 32), 0, "comment");
            assert_eq!(u32_at(&bytes, at + 42), *offset, "local header offset");
            assert_eq!(&bytes[at + 46..at + 46 + name.len()], name.as_bytes());
            at += 46 + name.len();
        }

        // The end record: two entries, the directory's size and where it starts.
        assert_eq!(u32_at(&bytes, at), 0x0605_4b50);
        assert_eq!(u16_at(&bytes, at + 8), 2);
        assert_eq!(u16_at(&bytes, at + 10), 2);
        assert_eq!(u32_at(&bytes, at + 12) as usize, at - central);
        assert_eq!(u32_at(&bytes, at + 16) as usize, central);
        assert_eq!(u16_at(&bytes, at + 20), 0);
        assert_eq!(bytes.len(), at + 22);
    }

    #[test]
    fn the_same_files_make_the_same_bytes() {
        let files = [("a.json", "1"), ("b/c.json", "2")];
        assert_eq!(zip(&files).unwrap(), zip(&files).unwrap());
    }

    #[test]
    fn too_many_files_are_refused_not_wrapped() {
        let files = vec![("a", ""); 65_536];
        assert!(zip(&files).is_err());
    }
}

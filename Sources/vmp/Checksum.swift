import Crypto

/// The checksum `:save` writes into a session file's header, so a replay can tell whether
/// the chain's data are the same: SHA-256 (swift-crypto) as lowercase hex.
enum Checksum {
    static func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Crypto
import StraitCore

enum SHA256Digest {
    static func hex(of string: String) -> String { SHA256.hexDigest(string) }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Crypto
import Foundation
import Logging
import Residency
import StraitCore
import StraitHTTP
import StraitStore
import Vault

/// Builds a node's residency parts from its configuration: the catalogue, the master keys, the
/// node key, the peers and the regional vault.
enum ResidencySetup {
    /// The shipped catalogue with the organisation's file laid over it.
    static func catalogue(_ config: StraitConfiguration) throws -> (catalogue: JurisdictionCatalogue, diff: CatalogueDiff?) {
        let shipped: JurisdictionCatalogue
        do {
            shipped = try JurisdictionCatalogue.bundled()
        } catch {
            throw ConfigurationError(key: "residency.catalogue", reason: "the shipped catalogue does not load: \(error)", source: "build")
        }
        guard let path = config.catalogueFile else { return (shipped, nil) }
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(key: "residency.catalogue", reason: "cannot read \(path)", source: path)
        }
        do {
            let merged = try shipped.merged(with: try JurisdictionCatalogue.parse([UInt8](bytes), standalone: false))
            return (merged, merged.diff(from: shipped))
        } catch {
            throw ConfigurationError(key: "residency.catalogue", reason: "\(error)", source: path)
        }
    }

    /// The jurisdiction a node is home to: configured, or the one whose code is its country, or the
    /// group containing its country that has rules of its own.
    static func jurisdiction(_ config: StraitConfiguration, catalogue: JurisdictionCatalogue) -> String {
        if let jurisdiction = config.jurisdiction { return jurisdiction }
        guard let country = config.country else { return "" }
        return home(of: country, in: catalogue) ?? country
    }

    static func home(of country: String, in catalogue: JurisdictionCatalogue) -> String? {
        if catalogue.jurisdictions.contains(where: { $0.code == country }) { return country }
        let exporting = Set(catalogue.rules.map(\.from))
        return catalogue.jurisdictions.first { exporting.contains($0.code) && $0.countries.contains(country) }?.code
    }

    /// The master keys: inline, from the file, or (development) a key file created in the data directory.
    static func keyProvider(_ config: StraitConfiguration, logger: Logger) throws -> LocalKeyProvider {
        do {
            if let inline = config.vaultMasterKeys { return try LocalKeyProvider.parse(inline) }
            if let path = config.vaultMasterKeysFile {
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw ConfigurationError(key: "vault.master_keys_file", reason: "cannot read \(path)", source: path)
                }
                return try LocalKeyProvider.parse(text)
            }
            guard config.postgres == nil else {
                // Instances of a region each have their own data directory but share the vault's keys.
                throw ConfigurationError(
                    key: "vault.master_keys_file",
                    reason: "with store.kind postgres, set vault.master_keys_file or vault.master_keys (STRAIT_VAULT_MASTER_KEYS): every instance of the region must use the same master keys",
                    source: "default"
                )
            }
            let path = (config.dataDirectory as NSString).appendingPathComponent("vault-master.keys")
            if let text = try? String(contentsOfFile: path, encoding: .utf8) { return try LocalKeyProvider.parse(text) }
            let key = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
            try createPrivateFile(path, contents: "# Strait vault master keys (development). The last line is current.\nmk-1 \(key)\n")
            logger.warning(
                "vault master key generated in the data directory; configure vault.master_keys_file or a KMS for production",
                metadata: ["event.action": "vault.master_key_generated", "file.path": .string(path)]
            )
            return try LocalKeyProvider.parse(try String(contentsOfFile: path, encoding: .utf8))
        } catch let error as VaultError {
            throw ConfigurationError(key: config.vaultMasterKeys != nil ? "vault.master_keys" : "vault.master_keys_file", reason: error.message, source: "vault")
        }
    }

    /// The node's signing key, created on first start.
    static func nodeKey(_ config: StraitConfiguration) throws -> Curve25519.Signing.PrivateKey {
        let path = config.nodeKeyFile
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            guard let seed = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), seed.count == 32,
                let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed)
            else {
                throw ConfigurationError(key: "node.key_file", reason: "\(path) does not hold a base64 Ed25519 seed", source: path)
            }
            return key
        }
        let key = Curve25519.Signing.PrivateKey()
        try createPrivateFile(path, contents: key.rawRepresentation.base64EncodedString() + "\n")
        return key
    }

    /// Writes a new file readable by the owner only.
    static func createPrivateFile(_ path: String, contents: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            guard FileManager.default.createFile(atPath: path, contents: Data(contents.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteUnknown)
            }
        } catch {
            throw ConfigurationError(key: "", reason: "cannot create \(path): \(error.localizedDescription)", source: "data")
        }
    }

    static func peers(_ config: StraitConfiguration, catalogue: JurisdictionCatalogue) throws -> [Peer] {
        try config.peers.map { peer in
            guard let raw = Data(base64Encoded: peer.publicKey), let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
                throw ConfigurationError(key: "peers.\(peer.region).public_key", reason: "not an Ed25519 public key", source: "configuration")
            }
            let countries = catalogue.jurisdictions.first { $0.code == peer.jurisdiction }?.countries ?? [peer.country]
            return Peer(
                region: peer.region, url: peer.url, publicKey: key, jurisdiction: peer.jurisdiction, countries: Set(countries), country: peer.country,
                mechanisms: peer.mechanisms
            )
        }
    }
}

/// The base64 public key of this node's signing key (created if missing), for peers' `peers.<REGION>.public_key`.
public func nodePublicKey(config: StraitConfiguration) throws -> String {
    try ResidencySetup.nodeKey(config).publicKey.rawRepresentation.base64EncodedString()
}

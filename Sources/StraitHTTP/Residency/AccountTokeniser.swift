// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import HTTPTypes
import Residency
public import StraitCore
import StraitStore
import Vault

/// Replaces the accounts of a payment by deterministic tokens from their home region's vault, so
/// that a node keeps only tokens of accounts homed elsewhere (and of its own) while monitoring,
/// idempotency and fund-flow tracing still work: the same account always gets the same token.
///
/// An account's home is the peer whose countries include the party's country, else this node.
/// A value that already is a token is kept.
public struct AccountTokeniser: Sendable {
    let residency: ResidencyDependencies

    public init(residency: ResidencyDependencies) {
        self.residency = residency
    }

    public func tokenise(_ instruction: PaymentInstruction, actor: String) async throws -> PaymentInstruction {
        var result = instruction
        result.originator.account = try await token(for: instruction.originator, actor: actor)
        result.beneficiary.account = try await token(for: instruction.beneficiary, actor: actor)
        return result
    }

    private func token(for party: PaymentParty, actor: String) async throws -> AccountReference {
        let account = party.account.rawValue
        if Tokenizer.looksLikeToken(account) { return party.account }
        let item = TokeniseItem(value: account, category: .bankAccount, kind: .deterministic, subject: party.partyID.rawValue)
        let token: String
        if let peers = residency.peers, let peer = peers.home(ofCountry: party.country.rawValue) {
            // The account leaves this node for its home vault: decided and registered here first.
            try await ResidencyJSON.mapping {
                try await residency.vault.authoriseExport(
                    operation: "tokenise", actor: actor, purpose: "payment-processing", categories: [.bankAccount],
                    recipient: Recipient(region: peer.region, country: peer.country, mechanisms: peer.mechanisms), values: 1
                )
            }
            let body = "{\"values\":[{\"category\":\"bank_account\",\"kind\":\"deterministic\",\"subject\":\(JSONText.quoted(item.subject ?? "")),\"value\":\(JSONText.quoted(account))}]}"
            let (status, answer) = try await peers.send(peer, method: "POST", target: "/peer/v1/tokenise", body: Array(body.utf8))
            guard status == 201, case .object(let members)? = try? JSONParser.parse(answer),
                case .array(let tokens)? = members.first(where: { $0.0 == "tokens" })?.1, case .object(let first)? = tokens.first,
                case .string(let value)? = first.first(where: { $0.0 == "token" })?.1
            else {
                throw APIError(
                    status: .badGateway, code: "peer_unavailable",
                    message: "region \(peer.region) did not tokenise the account (status \(status)); the payment was not stored", headers: [.retryAfter: "5"]
                )
            }
            token = value
        } else {
            token = try await ResidencyJSON.mapping { try await residency.vault.tokenise([item]) }[0].token
        }
        guard let reference = AccountReference(rawValue: token) else { throw StoreError.corrupted("a token is not a valid account reference") }
        return reference
    }
}

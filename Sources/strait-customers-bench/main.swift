// Strait — compliance gateway for cross-border fintech. Apache-2.0.
//
// Customers end to end in process, on a real SQLite file with a real vault: onboard N synthetic
// customers against the January 2019 OFAC SDN list (some of them people the July 2021 list added),
// import the 2021 list, and time re-screening every customer against it — the issue's "re-screen
// 100,000 customers" figure. Run in release:
//
//     swift build -c release --product strait-customers-bench && .build/release/strait-customers-bench

import ArgumentParser
import Foundation
import Logging
import Residency
import Screening
import StraitCore
import StraitHTTP
import StraitStore
import StraitStoreSQLite
import Vault

@main
struct CustomersBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "strait-customers-bench", abstract: "Benchmark onboarding and re-screening customers in process.")
    @Option(help: "The shared sanctions data directory.") var sanctions = "../shared/data/sanctions"
    @Option(help: "Customers to onboard.") var customers = 100_000
    @Option(help: "Customers named after people the 2021 list added (found only by re-screening).") var planted = 200
    @Option(help: "Onboarding requests in flight.") var concurrency = 16
    @Option(help: "The directory for the SQLite file (default: a temporary one, removed after).") var data: String?

    func run() async throws {
        let directory = URL(fileURLWithPath: sanctions)
        let old = try ListImporter.ofacSDN(directory: directory).list
        let new = try ListImporter.ofacSDN(directory: directory.appendingPathComponent("ofac-2021")).list
        let oldIDs = Set(old.entities.map(\.id))
        let added = new.entities.filter { !oldIDs.contains($0.id) && $0.kind == .person }
        print("lists: 2019 \(old.entities.count) entities, 2021 \(new.entities.count) (\(added.count) persons added)")

        let path = data ?? (NSTemporaryDirectory() + "strait-customers-bench-" + UUID().uuidString)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { if data == nil { try? FileManager.default.removeItem(atPath: path) } }
        let store = try SQLiteStore(path: path + "/strait.sqlite")
        defer { try? store.close() }
        let clock: @Sendable () -> Timestamp = { Timestamp(epochMilliseconds: Int64(Date().timeIntervalSince1970 * 1000)) }
        var generator = SplitMix64(seed: 2026_11_27)
        let master = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let vault = RegionalVault(
            home: RegionIdentity(region: "eu", jurisdiction: "EU", country: "DE"), store: store,
            provider: try LocalKeyProvider(keys: [(id: "bench", bytes: master)]), catalogue: try JurisdictionCatalogue.bundled(),
            purposes: ["kyc-review"], detokeniseRatePerSecond: 1_000, now: clock
        )
        try await vault.start()
        let service = CustomerService(store: store, vault: vault, now: clock, logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await Self.store(old, into: store, at: clock().text)
        _ = try await service.loadLists()

        // Customers: invented names, and `planted` people the 2021 list added (as "Given SURNAME", with
        // the birth date and nationality the list gives when it gives them).
        let plantedEntities = Array(added.prefix(planted).filter { $0.primaryName != nil })
        let spacing = max(1, customers / max(1, plantedEntities.count))
        var plantedIndexes: [Int] = []
        var requests: [OnboardingRequest] = []
        requests.reserveCapacity(customers)
        for index in 0..<customers {
            if index % spacing == 0, index / spacing < plantedEntities.count {
                let entity = plantedEntities[index / spacing]
                plantedIndexes.append(index)
                requests.append(Self.request(index: index, name: Self.givenFirst(entity.primaryName ?? ""), entity: entity, generator: &generator))
            } else {
                requests.append(Self.request(index: index, name: Self.inventedName(&generator), entity: nil, generator: &generator))
            }
        }
        let onboardStart = ContinuousClock.now
        let statuses = try await Self.onboard(requests, service: service, concurrency: concurrency)
        let onboardSeconds = (ContinuousClock.now - onboardStart) / .seconds(1)
        print(
            "onboarded \(requests.count) customers in \(String(format: "%.1f", onboardSeconds)) s (\(Int(Double(requests.count) / onboardSeconds))/s, \(concurrency) in flight): "
                + statuses.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        )

        try await Self.store(new, into: store, at: clock().text)
        _ = try await service.loadLists()
        let report = try await service.rescreenAll()
        print(
            "re-screened \(report.customers) customers against \(new.entities.count) entities in \(String(format: "%.1f", report.seconds)) s "
                + "(\(Int(Double(report.customers) / max(report.seconds, 0.001))) customers/s): \(report.newHits) new hits on \(report.changedCustomers) customers, \(report.skipped) skipped"
        )
        var found = 0
        for (position, index) in plantedIndexes.enumerated() {
            let customer = try await service.customer(id: "bench-\(index)")
            if customer?.hits.contains(where: { $0.entityId == plantedEntities[position].id }) == true { found += 1 }
        }
        print("planted customers given a hit on their 2021 entry: \(found) / \(plantedIndexes.count)")
    }

    static func store(_ list: ScreeningList, into store: SQLiteStore, at: String) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(list.entities)
        _ = try await store.storeScreeningList(
            StoredScreeningList(source: list.source, version: list.version, entities: data, entityCount: list.entities.count, importedAt: at, actor: "bench"), entities: data
        )
    }

    static func onboard(_ requests: [OnboardingRequest], service: CustomerService, concurrency: Int) async throws -> [String: Int] {
        try await withThrowingTaskGroup(of: String.self) { group in
            var statuses: [String: Int] = [:]
            var next = 0
            for _ in 0..<min(concurrency, requests.count) {
                let request = requests[next]
                next += 1
                group.addTask { try await service.onboard(request, actor: "bench").customer.status.rawValue }
            }
            while let status = try await group.next() {
                statuses[status, default: 0] += 1
                if next < requests.count {
                    let request = requests[next]
                    next += 1
                    group.addTask { try await service.onboard(request, actor: "bench").customer.status.rawValue }
                }
            }
            return statuses
        }
    }

    /// "SURNAME, Given Middle" → "Given Middle Surname".
    static func givenFirst(_ name: String) -> String {
        let parts = name.split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2 else { return name }
        return parts[1] + " " + parts[0].capitalized
    }

    static let given = [
        "Anna", "Lukas", "Maria", "Jonas", "Sofia", "Elias", "Emma", "Noah", "Mia", "Leon", "Chen", "Wei", "Li", "Priya", "Arjun", "Ananya", "Rahul",
        "Siti", "Budi", "Dewi", "Agus", "Nur", "Kenji", "Yuki", "Haruto", "Min-jun", "Seo-yeon", "Camille", "Louis", "Chloe", "Hugo", "Giulia",
        "Marco", "Lucia", "Pablo", "Carmen", "Javier", "Ines", "Tiago", "Beatriz", "Olga", "Ivan", "Katarzyna", "Piotr", "Eva", "Jan", "Fatima",
        "Yusuf", "Amina", "Omar", "Leila", "Daniel", "Sarah", "David", "Rachel", "Kwame", "Ama", "Chinedu", "Ngozi", "Thabo", "Lerato",
    ]
    static let family = [
        "Muller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Schulz", "Wang", "Zhang", "Liu", "Huang",
        "Sharma", "Patel", "Gupta", "Iyer", "Reddy", "Santoso", "Wijaya", "Saputra", "Tanaka", "Suzuki", "Takahashi", "Kim", "Park", "Choi",
        "Martin", "Bernard", "Dubois", "Rossi", "Russo", "Ferrari", "Garcia", "Fernandez", "Lopez", "Silva", "Santos", "Kowalski", "Nowak",
        "Novak", "Horvat", "Jansen", "de Vries", "Virtanen", "Nielsen", "Andersson", "Cohen", "Levi", "Mensah", "Okafor", "Nkosi", "Dlamini",
    ]

    static func inventedName(_ generator: inout SplitMix64) -> String {
        let first = given[Int(generator.next() % UInt64(given.count))]
        let last = family[Int(generator.next() % UInt64(family.count))]
        return generator.next() % 4 == 0 ? "\(first) \(given[Int(generator.next() % UInt64(given.count))]) \(last)" : "\(first) \(last)"
    }

    static let countries = ["DE", "FR", "NL", "IT", "ES", "SG", "HK", "IN", "ID", "MY", "GB", "US", "JP", "KR", "BR", "ZA", "NG", "AE"]

    static func request(index: Int, name: String, entity: ListEntity?, generator: inout SplitMix64) -> OnboardingRequest {
        var country = countries[Int(generator.next() % UInt64(countries.count))]
        if let listed = entity?.nationalities.first, CountryCodes.isAlpha2(listed) { country = listed }
        var year = 1940 + Int(generator.next() % 65)
        var month = 1 + Int(generator.next() % 12)
        var day = 1 + Int(generator.next() % 28)
        if let date = entity?.birthDates.first, date.toYear == nil, (1900...2007).contains(date.year) {
            year = date.year
            month = date.month ?? month
            day = date.day ?? day
        }
        let birth = String(format: "%04d-%02d-%02d", year, month, day)
        let application = CustomerApplication(
            kind: .person, name: .init(latin: name), dateOfBirth: birth, nationality: country, residence: country,
            document: .init(type: .passport, number: String(format: "P%08d", index), issuingCountry: country, expiryDate: "2031-01-01"),
            contact: .init(email: "customer\(index)@example.com"), purpose: "payments and savings"
        )
        return OnboardingRequest(
            id: "bench-\(index)", application: application, customerType: .individual, products: ["cross_border_payments"], channel: .remoteVerified,
            pep: .none, digest: String(format: "%064d", index)
        )
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Residency
import Testing

@Suite("Data categories")
struct DataCategoryTests {
    @Test("categories have stable names")
    func names() {
        #expect(DataCategory.allCases.map(\.rawValue) == [
            "identity", "national_id", "card", "bank_account", "transaction", "contact", "behavioural", "public",
        ])
    }
}

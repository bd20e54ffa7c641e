// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import StraitCore
import Testing

@Suite("RFC 3339 timestamps")
struct TimestampTests {
    @Test(
        "valid date-times parse to the right instant",
        arguments: [
            ("2026-11-27T01:00:00Z", Int64(1_795_741_200_000)),
            ("2026-11-27T09:00:00+08:00", Int64(1_795_741_200_000)),
            ("2026-11-26T20:30:00-04:30", Int64(1_795_741_200_000)),
            ("2026-11-27t01:00:00.5z", Int64(1_795_741_200_500)),
            ("2026-11-27T01:00:00.123456789Z", Int64(1_795_741_200_123)),
            ("2024-02-29T23:59:59Z", Int64(1_709_251_199_000)),
            ("1970-01-01T00:00:00Z", Int64(0)),
        ]
    )
    func parses(text: String, millis: Int64) throws {
        let timestamp = try #require(Timestamp(rfc3339: text))
        #expect(timestamp.epochMilliseconds == millis)
        #expect(timestamp.text == text)
    }

    @Test(
        "invalid date-times are refused",
        arguments: [
            "", "2026-11-27", "2026-11-27 01:00:00Z", "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-04-31T00:00:00Z",
            "2026-11-27T24:00:00Z", "2026-11-27T01:60:00Z", "2026-11-27T01:00:60Z", "2026-11-27T01:00:00", "2026-11-27T01:00:00.Z",
            "2026-11-27T01:00:00+0800", "2026-11-27T01:00:00+24:00", "1969-12-31T23:59:59Z", "２０２６-11-27T01:00:00Z",
            "2026-11-27T01:00:00Zjunk", "2026-11-27T01:00:00.1234567890123456789012345678901234567890123456789Z",
        ]
    )
    func refuses(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test("formatting is UTC with milliseconds and round-trips")
    func formats() throws {
        #expect(Timestamp.format(epochMilliseconds: 1_795_741_200_123) == "2026-11-27T01:00:00.123Z")
        #expect(Timestamp.format(epochMilliseconds: 0) == "1970-01-01T00:00:00.000Z")
        for millis: Int64 in [1, 86_399_999, 951_782_400_000, 1_709_251_199_000, 253_402_300_799_999] {
            let text = Timestamp.format(epochMilliseconds: millis)
            #expect(try #require(Timestamp(rfc3339: text)).epochMilliseconds == millis)
        }
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import Shield
import StraitCore
import Testing

@Suite("Shield benign traffic")
struct BenignTrafficTests {
    let firewall = Firewall()
    let policy = FirewallPolicy()

    @Test("ordinary website and fintech API traffic (generated) is almost never blocked")
    func benignTraffic() {
        let corpus = BenignTraffic.generate()
        #expect(corpus.count >= 2_000)
        let report = BenignTraffic.measure(corpus, firewall: firewall, policy: policy)
        print(report.summary)
        for line in report.blockedLines { print("benign blocked: \(line)") }
        #expect(report.share <= 0.005, "\(report.blocked) of \(corpus.count) benign requests blocked")
        // The other families on their own (SQL injection and XSS have their own benign sets).
        let others = BenignTraffic.measure(corpus, firewall: firewall, policy: FirewallPolicy(disabledFamilies: [.sqlInjection, .crossSiteScripting]))
        print("without the SQL injection and XSS families: \(others.summary)")
        #expect(others.share <= 0.002, "\(others.blocked) of \(corpus.count) benign requests blocked by the other families")
        // Whole command lines pasted into support messages: reported, not asserted.
        let pasted = BenignTraffic.measure(BenignTraffic.pasted(), firewall: firewall, policy: policy)
        print("pasted command lines: \(pasted.summary)")
    }

    @Test("false positives fixed in the command, code, path and protocol detectors stay fixed; the attacks next to them stay blocked")
    func neighbours() {
        func verdict(_ value: String, name: String = "comment") -> Verdict {
            firewall.inspect(InspectedRequest(method: "POST", target: "/c", headers: [("Host", "h"), ("Content-Type", "application/x-www-form-urlencoded")],
                                              body: Array("\(BenignTraffic.form(name))=\(BenignTraffic.form(value))".utf8)), policy: policy)
        }
        let benign: [(String, String)] = [
            ("expand[]", "customer"), ("comment", "Thanks a lot.\nAT&T prepaid"), ("comment", "Thanks a lot.\nCat"), ("comment", "The `export` button does nothing in Safari 17."),
            ("comment", "Thanks.\nPrice: 1,299.00 EUR | Qty: 2"), ("comment", "Hi,\r\n\r\nReimbursement: taxi & lunch"), ("comment", "Thanks.\nC:\\Users\\anna\\statement.pdf won't open"),
            ("comment", "console.log(response.data) prints nothing"), ("password", "my$ecret(pass)"), ("utm_content", "{{ad.name}}"),
            ("comment", "ls -la shows the file is there"), ("comment", "Thanks.\ncat ~/.npmrc has the right registry"), ("comment", "Please see the attached file: ../docs/invoice-2024-03.pdf"),
            ("comment", "Find attached the receipts.\nSet a reminder for the 1st & 15th of each month.\nPing me when it's done"),
        ]
        for (name, value) in benign {
            let result = verdict(value, name: name)
            #expect(!result.blocked, "\(name)=\(value): \(result.matches)")
        }
        let attacks = [
            "console.log(1)", "console.info('x')", "x`id`", "a\r\nSet-Cookie: a=b", "a\r\nRefresh: 0; url=http://evil.example", "a\r\nX-Forwarded-Host: evil.example",
            "$f('id')", "$_GET['c']($_POST['d'])", "{{config.items()}}", "{{7*7}}", "{{user.__class__}}", "ls -la /etc", ";ls -la", "x;ls -la shows it", "|id", "id&whoami",
            "<?\nphp echo 1", "a\nwhoami", "text\n`id`", "../../../etc/passwd",
        ]
        for value in attacks {
            let result = verdict(value)
            #expect(result.blocked, "\(value): \(result.matches)")
        }
    }

    @Test("a function name set apart from '(' many times costs time linear in the value (PHP call check)")
    func phpCallsLinear() {
        for unit in ["system (", "exec /**/ (", "system(", "eval ('x') ", "a$b(c", "\nPrice: "] {
            let times = inspectionTimes(firewall, policy, repeating: unit)
            print("shield benign: \(String(reflecting: unit)) x1000 \(times[0]), x8000 \(times[1])")
            #expect(growsLinearly(times), "\(unit): \(times) grows faster than linearly")
        }
    }
}

// BEGIN BenignTraffic (the generator; also compiled on its own by a quick runner)

/// Deterministic generator of ordinary requests: browsers loading pages with query strings, cookies
/// and referers; form posts; JSON and GraphQL APIs of a fintech; static files; free text that holds
/// `; & | $ ../`, quotes, parentheses and code-ish snippets as people write them.
enum BenignTraffic {
    struct Case {
        var label: String
        var request: InspectedRequest
    }

    struct Report {
        var blocked = 0
        var total = 0
        var rules: [String: Int] = [:]
        var blockedLines: [String] = []
        var share: Double { total == 0 ? 0 : Double(blocked) / Double(total) }
        var summary: String {
            let ids = rules.sorted { $0.value > $1.value || $0.value == $1.value && $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            return "benign traffic: \(blocked)/\(total) blocked (\(String(format: "%.2f", share * 100))%); rules of blocked requests: \(ids.isEmpty ? "none" : ids)"
        }
    }

    static func measure(_ corpus: [Case], firewall: Firewall, policy: FirewallPolicy) -> Report {
        var report = Report()
        for item in corpus {
            let verdict = firewall.inspect(item.request, policy: policy)
            report.total += 1
            guard verdict.blocked else { continue }
            report.blocked += 1
            for match in verdict.matches { report.rules[match.id, default: 0] += 1 }
            let matches = verdict.matches.map { "\($0.id)@\($0.location)" }.joined(separator: " ")
            let body = String(decoding: item.request.body.prefix(300), as: UTF8.self).replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
            report.blockedLines.append("[\(item.label)] \(item.request.method) \(item.request.target) \(matches) body=\(body)")
        }
        return report
    }

    /// Deterministic choices over SplitMix64: the same sequence on every platform.
    struct Random {
        var source: SplitMix64
        init(state: UInt64) { source = SplitMix64(seed: state) }
        mutating func next() -> UInt64 { source.next() }
        mutating func int(_ range: Range<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        mutating func pick<T>(_ list: [T]) -> T { list[int(0..<list.count)] }
        mutating func chance(_ percent: Int) -> Bool { int(0..<100) < percent }
        mutating func hex(_ count: Int) -> String { String((0..<count).map { _ in Array("0123456789abcdef")[int(0..<16)] }) }
        mutating func alnum(_ count: Int) -> String {
            String((0..<count).map { _ in Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")[int(0..<62)] })
        }
        mutating func digits(_ count: Int) -> String { String((0..<count).map { _ in Array("0123456789")[int(0..<10)] }) }
        mutating func uuid() -> String { "\(hex(8))-\(hex(4))-4\(hex(3))-a\(hex(3))-\(hex(12))" }
    }

    // MARK: word lists

    static let userAgents = [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36",
        "Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80",
        "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.113 Mobile Safari/537.36",
        "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.111 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko",
        "okhttp/4.12.0",
        "StraitWallet/3.14.2 (iPhone; iOS 17.5; Scale/3.00) CFNetwork/1494.0.7 Darwin/23.4.0",
        "StraitWallet/3.14.0 (Android 14; Pixel 8 Pro; build 3140)",
        "python-requests/2.31.0",
        "curl/8.5.0",
        "PostmanRuntime/7.37.3",
        "Dart/3.3 (dart:io)",
        "Go-http-client/2.0",
        "axios/1.6.8",
        "Java/17.0.10",
    ]

    static let languages = [
        "en-US,en;q=0.9", "en-GB,en;q=0.9,en-US;q=0.8", "fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", "de-DE,de;q=0.9,en;q=0.8", "es-ES,es;q=0.9",
        "pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7", "ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7", "zh-CN,zh;q=0.9", "ja,en-US;q=0.9,en;q=0.8", "ar,en;q=0.9",
        "hi-IN,hi;q=0.9,en-IN;q=0.8,en;q=0.7", "tr-TR,tr;q=0.9", "pl-PL,pl;q=0.9,en-US;q=0.8", "ko-KR,ko;q=0.9", "*",
    ]

    static let accepts = [
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/json", "application/json, text/plain, */*", "*/*",
        "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8", "text/css,*/*;q=0.1", "application/graphql-response+json, application/json",
    ]

    /// Search terms people type, in many languages and with the punctuation they use.
    static let searchTerms = [
        "cheap flights to paris", "iphone 15 pro max case", "how to open a bank account abroad", "best savings rate 2024", "euro to dollar",
        "mortgage calculator", "visa vs mastercard fees", "send money to india", "wire transfer swift code", "what is an iban", "tax return deadline",
        "rent apartment berlin", "nike air max 90", "dyson v15 cordless", "python tutorial for beginners", "javascript array sort", "kotlin vs swift",
        "pizza near me", "weather tomorrow", "covid test center", "cat food delivery", "dog grooming", "echo dot 5th gen", "ping pong table",
        "where is my order", "cancel subscription", "reset password", "2fa not working", "card declined", "refund status", "crypto tax",
        "Tom & Jerry", "AT&T prepaid", "Q&A session", "R&D tax credit", "C++ compiler", "C# tutorial", "50% off shoes", "$100 gift card",
        "rock 'n' roll", "women's shoes size 8", "men's jacket", "O'Reilly books", "\"exact phrase\" search", "price < 50", "laptop (refurbished)",
        "select your plan", "order by date", "union station chicago", "drop shipping", "update iphone", "delete account", "insert coin",
        "billets de train pas cher", "banque en ligne sans frais", "crème brûlée recette", "où est ma commande", "Überweisung ins Ausland",
        "Girokonto kostenlos", "Öffnungszeiten Sparkasse", "Straße und Hausnummer", "cuenta bancaria en línea", "cómo enviar dinero a México",
        "mañana", "cartão de crédito sem anuidade", "transferência internacional", "перевод денег за границу", "курс доллара", "банковская карта",
        "信用卡 申请", "如何 汇款 到 中国", "人民币 汇率", "銀行口座 開設", "円 ドル 為替", "ラーメン 東京", "تحويل الأموال", "سعر الدولار",
        "बैंक खाता कैसे खोलें", "डॉलर का भाव", "döviz kuru", "kredi kartı başvurusu", "przelew zagraniczny", "kurs euro", "해외 송금", "환율",
        "τράπεζα λογαριασμός", "חשבון בנק", "Zürich Hauptbahnhof", "São Paulo", "Kraków", "Ålesund", "naïve bayes", "Ελλάδα",
    ]

    static let pages = [
        "/", "/index.html", "/about", "/about-us/team", "/pricing", "/plans/business", "/blog", "/blog/2024/05/how-we-scaled-payments", "/help",
        "/help/articles/360001234567-How-do-I-reset-my-password", "/careers", "/careers/engineering/senior-ios-developer", "/contact", "/legal/privacy",
        "/legal/terms-of-service", "/en-gb/personal/accounts", "/de/privatkunden/girokonto", "/fr/particuliers/cartes", "/search", "/products",
        "/products/wireless-headphones-x200", "/category/shoes/womens", "/c/electronics/laptops", "/cart", "/checkout/shipping", "/account/orders",
        "/account/settings/security", "/news/2024/06/12/rate-decision", "/docs/api/v2/payments", "/docs/getting-started", "/status", "/sitemap.xml",
        "/robots.txt", "/favicon.ico", "/.well-known/apple-app-site-association", "/.well-known/security.txt", "/feed.xml", "/amp/blog/select-the-right-plan",
        "/wiki/Union_Pacific_Railroad", "/wiki/Drop_(unit)", "/wiki/C%2B%2B", "/u/anna.mueller", "/@jonas", "/p/Cat-Food-Delivery-Order-by-Phone",
    ]

    static let staticFiles = [
        "/static/js/app.3f2a1b.js", "/static/js/vendor.9c8e7d6f.chunk.js", "/static/css/main.a1b2c3d4.css", "/assets/index-DkH3z9aQ.js", "/assets/fonts/Inter-Variable.woff2",
        "/images/2024/05/photo-1.jpg", "/images/logo@2x.png", "/img/products/x200/front_large.webp", "/media/uploads/2023/11/IMG_2045.jpeg", "/favicon-32x32.png",
        "/apple-touch-icon.png", "/manifest.webmanifest", "/service-worker.js", "/_next/static/chunks/pages/_app-8a7b6c5d4e3f2a1b.js", "/_next/image",
        "/wp-content/themes/twentytwentyfour/style.css", "/wp-content/uploads/2024/02/banner-home.jpg", "/cdn-cgi/challenge-platform/scripts/jsd/main.js",
        "/static/docs/Annual_Report_2023.pdf", "/downloads/statement-2024-05.csv", "/fonts/roboto-v30-latin-regular.woff2", "/js/jquery-3.7.1.min.js",
        "/css/bootstrap.min.css.map", "/videos/onboarding_720p.mp4", "/static/locales/de/translation.json", "/bin/app-release-3.14.2.apk",
    ]

    static let utmSources = ["google", "facebook", "newsletter", "twitter", "linkedin", "bing", "instagram", "tiktok", "partner_blog", "affiliate-42"]
    static let utmMediums = ["cpc", "email", "social", "organic", "referral", "display", "paid_social"]
    static let campaigns = ["spring_sale_2024", "black-friday", "onboarding-d3", "q2_brand", "cashback+promo", "summer sale", "app_install", "retargeting_v2"]
    static let sorts = ["price_asc", "price_desc", "-created_at", "created_at", "name", "relevance", "newest", "rating:desc", "updated_at,desc", "date desc"]
    static let colors = ["red", "blue", "black", "white", "navy blue", "rose gold", "space grey"]
    static let statuses = ["shipped", "pending", "settled", "failed", "refunded", "active", "cancelled", "in_review"]

    static let firstNames = ["Anna", "Jonas", "Élodie", "Mohammed", "Wei", "Yuki", "Olga", "Carlos", "Priya", "Seán", "Zoë", "Bjørn", "Ayşe", "Łukasz", "Nguyễn", "D'Angelo", "Mary-Jane", "Chloé", "Ji-woo", "Fatima"]
    static let lastNames = ["Müller", "O'Brien", "García López", "Smith", "Nakamura", "Ivanova", "Dubois", "van der Berg", "Kowalski", "Al-Sayed", "Øster", "Da Silva", "Chen", "Patel", "Johnson-Smith", "McDonald", "d'Alembert", "Cat", "Select", "Union"]
    static let streets = ["12 Rue de l'Église", "Hauptstraße 5a", "221B Baker Street", "1600 Amphitheatre Pkwy", "Calle Mayor, 3 - 2º izq.", "ul. Marszałkowska 10/12", "Flat 4B, 17 Queen's Road", "P.O. Box 1234", "5-2-1 Ginza, Chuo-ku", "Apt #5, 350 Fifth Ave", "Unit 3 & 4, Mill Lane", "Via Roma 1 (interno 7)"]
    static let cities = ["Paris", "Berlin", "London", "Mountain View", "Madrid", "Warszawa", "Tokyo", "New York", "Zürich", "São Paulo", "Kraków", "İstanbul"]
    static let phones = ["+33 6 12 34 56 78", "+49 (0)30 1234567", "(555) 123-4567", "+44 20 7946 0958", "+1-202-555-0173", "030/123 456 78", "+81 3-1234-5678", "+48 600 700 800", "+91 98765 43210", "0612345678"]
    static let emailDomains = ["example.com", "mail.example.org", "corp.example.net", "example.co.uk", "xn--mller-kva.example"]

    /// Free text of contact forms, support chats, memos and comments.
    static let sentences = [
        "Hi, I was charged twice for order #4411 - can you refund one of them?",
        "Tom & Jerry's Café; table for 4 at 7pm | please confirm.",
        "Rent for March (flat 4B) - thanks!",
        "Dinner at Luigi's :) <3",
        "I'm 5' 11\" and usually wear a size L; is this true to size?",
        "The price says $20 (incl. tax) but I paid $24.99 at checkout?!",
        "Please see the attached file: ../docs/invoice-2024-03.pdf",
        "To install, run npm install --save react-datepicker and restart.",
        "pip install requests worked, but the SDK example fails with a 401.",
        "cd ~/projects && git pull && make build, then it works again.",
        "SELECT your plan on the next page and click Continue.",
        "Order by phone: call us Mon-Fri 9am-5pm (CET).",
        "Can you update my address? I moved from Berlin to Munich.",
        "Please delete my account and all data (GDPR Art. 17).",
        "We use Python 3.12, Node 20 and Java 17 in our stack.",
        "Windows 10 & Office 365; Chrome 124 | no VPN.",
        "It says \"transaction declined\" every time I try :(",
        "Re: your message of 12/05 - yes, 1 = 1 is fine for the split, 50/50.",
        "Echo from the mountains was lovely; we'll come back!",
        "Ping me when it's done; thanks a lot!",
        "My cat & dog both love this food!!!",
        "Ben & Jerry's cookie dough, 2 x 500ml",
        "What time is it in Tokyo? 10:30 am here.",
        "Transfer for Mum's birthday 🎂 🎉",
        "Splitting the bill: pizza ($32) + drinks ($18) = $50 / 3 = $16.67 each",
        "Use code SAVE20 at checkout for 20% off (one-time use).",
        "C:\\Users\\anna\\Documents\\statement.pdf won't open, says it's corrupt.",
        "I tried copy & paste but the IBAN field rejects spaces.",
        "Can't log in since the update... error 0x80070005?",
        "Hello,\nI would like to close my savings account.\nBest regards,\nAnna",
        "Thanks! Works now :-)",
        "Sleep well & see you tomorrow; bring the keys.",
        "Who is the account manager for ACME Ltd.? Need an answer by Friday.",
        "Set a reminder for the 1st & 15th of each month.",
        "Type your name exactly as it appears on the card (no accents).",
        "The link https://example.com/terms?lang=en&v=2 is broken.",
        "Hi team -- the export (CSV) has ; as separator, can it be , instead?",
        "Find attached the receipts: IMG_2045.jpg & IMG_2046.jpg",
        "The form says 'invalid input' when my street has a / in it (12/3).",
        "Looking for a senior dev with Rust/Go/C++ & k8s experience.",
        "Our office is at 5th & Main; parking in the back.",
        "Loan repayment #7 of 24 -- ref LN-2024-0091",
        "Fee is 1.5% (min €2, max €20); FX rate from ECB at 16:00 CET.",
        "I love the new dark mode!!! <3 <3",
        "Is 'select' a premium feature or free?",
        "Union membership fee for June",
        "Drop-off at the front desk; ask for Mr. O'Connor.",
        "Please cancel order 1234 & refund to my card ending 4242.",
        "My username is anna_m & my email changed to anna@example.com",
        "Where do I find my tax ID? (Steuer-ID / NIF / SSN)",
        "Does the API support idempotency keys? We retry on 5xx.",
        "The script tag on your help page is showing as text, FYI.",
        "Eval period ends next week; can we extend by 14 days?",
        "Update: the issue resolved itself after a restart.",
        "I'd like to exchange the shoes (size 42 -> 43).",
        "Price: 1,299.00 EUR | Qty: 2 | Total: 2,598.00 EUR",
        "Kindly process the payment at the earliest; regards, Finance",
        "Merci beaucoup ! C'est réglé.",
        "Vielen Dank für die schnelle Überweisung — alles gut angekommen.",
        "¿Podrían enviarme la factura de mayo? ¡Gracias!",
        "Спасибо, деньги пришли. Всё отлично!",
        "谢谢！钱已经收到了。",
        "ありがとうございます（確認しました）。",
        "شكرا جزيلا، تم استلام المبلغ",
        "Test message, please ignore :)",
        "Birthday gift for Sam -- love, Mom & Dad xx",
        "Rent + utilities (gas/electric) for Feb",
        "Reimbursement: taxi (airport -> hotel) & lunch",
        "Invoice 2024/17 - select items, order by date",
        "The `export` button does nothing in Safari 17.",
        "Shared expenses: [groceries] [fuel] [parking]",
        "From {team} with thanks",
        "Monthly allowance ~ $200",
        "Payment for web design (phase 1 of 3) – 50% upfront",
        "See section 4.2 (a)-(c) of the agreement.",
        "I paid via PayPal, transaction id 5XY12345AB678901C.",
        "Tuition fee, student no. 2024-00917, semester WS24/25",
        "Hi! Can I pay in instalments? e.g. 3 x 100",
        "Book club: \"The Trial\" by Kafka; next meeting 5/6 @ 7pm",
        "password reset link expired, please resend",
        "Dividend reinvestment for ETF (IE00B4L5Y983)",
    ]

    static let memos = [
        "Rent March", "Dinner 🍕", "Invoice INV-2024-0042", "Thanks for the tickets!", "Groceries & household", "Mum's birthday", "Loan repayment 3/12",
        "Car insurance Q2", "Electricity bill (May)", "Netflix share", "Coffee ☕", "Split: Uber + tips", "Salary advance", "Deposit for flat 4B",
        "Order #1234", "Ref: 55/2024", "Gift - love you!", "Refund for broken item", "Membership fee 2024/25", "School trip (Emma)",
    ]

    static let orgs = ["ACME Trading Ltd.", "Jonas Becker & Co. KG", "O'Neil & Partners", "Müller GmbH", "Société Générale", "Smith, Jones & Associates", "Café Luna", "Bright-Future Inc.", "東京商事株式会社", "Select Hotels Group"]
    static let currencies = ["EUR", "USD", "GBP", "CHF", "JPY", "PLN", "INR", "BRL", "TRY", "CNY"]
    static let ibans = ["DE89370400440532013000", "FR7630006000011234567890189", "GB29NWBK60161331926819", "ES9121000418450200051332", "PL61109010140000071219812874", "CH9300762011623852957", "NL91ABNA0417164300"]

    static let graphQL = [
        "query { user(id: 1) { name } }",
        "query GetAccount($id: ID!) { account(id: $id) { id balance { amount currency } owner { name email } } }",
        "query Transactions($first: Int = 20, $after: String) { transactions(first: $first, after: $after, filter: {status: SETTLED}) { edges { node { id amount memo createdAt } } pageInfo { hasNextPage endCursor } } }",
        "mutation CreatePayment($input: PaymentInput!) { createPayment(input: $input) { payment { id status } errors { field message } } }",
        "mutation { updateProfile(input: {nickname: \"anna_m\", locale: \"de-DE\"}) { ok } }",
        "query Search($q: String!) { search(query: $q, types: [MERCHANT, USER]) { ... on Merchant { id name } ... on User { id handle } } }",
        "fragment money on Money { amount currency }\nquery { wallet { balance { ...money } pending { ...money } } }",
        "subscription OnPayment { paymentUpdated { id status updatedAt } }",
        "query { __typename }",
    ]

    static let codeSnippets = [
        "npm install --save-dev typescript@5.4", "pip install requests==2.31.0", "cd ~/projects/strait && swift build", "brew install jq",
        "git commit -m \"fix: rounding of fees\"",
        "SELECT your preferred payout schedule", "docker compose up -d", "export API_KEY=... before running the script", "ls -la shows the file is there",
        "const total = items.reduce((a, b) => a + b.price, 0);", "if (balance < 0) { notify(); }", "for i in range(10): print(i)",
        "SUM(B2:B10) returns #VALUE! in the sheet", "=VLOOKUP(A2, Rates!A:B, 2, FALSE)", "{{ first_name }}, your statement is ready",
        "Hello ${name}, welcome!", "$ yarn add @strait/sdk", "kubectl get pods -n payments",
        "ssh deploy@10.0.0.12 is refused since yesterday", "mvn clean install -DskipTests",
        "the regex ^[A-Z]{2}[0-9]{2} rejects valid IBANs", "cat ~/.npmrc has the right registry",
        "rm node_modules and reinstall fixed it", "print(\"hello world\")", "System.out.println(total);", "console.log(response.data)",
        "WHERE status = 'settled' AND amount > 100", "<b>bold</b> is shown literally in the memo", "a && b || c", "x = y ? 1 : 0",
        "C:\\Program Files\\Strait\\strait.exe won't start", "#include <stdio.h>",
        "time to settle: T+2", "git checkout -b feature/payouts", "npm run build && npm test", "tail -f the log shows nothing new", "make sure you cd into the repo first",
    ]

    /// Shell command lines and code pasted whole into a message: what a command injection looks like,
    /// flagged by design (measured and printed, not part of the asserted share).
    static let pastedCommands = [
        "curl -X POST https://api.example.com/v1/payments -H 'Authorization: Bearer sk_test_123'", "java -jar app.jar --spring.profiles.active=prod",
        "python3 -m venv .venv && source .venv/bin/activate", "../../shared/config.yml is not found when running tests", "sudo apt-get install libssl-dev",
        "wget https://example.com/file.zip fails with 403", "eval(\"2+2\") in the console gives 4", "echo $PATH shows /usr/local/bin first",
    ]

    static let companies = ["acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "wonka"]

    // MARK: encoding

    static let queryAllowed: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~")
        return set
    }()

    /// `application/x-www-form-urlencoded` (spaces as `+`).
    static func form(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: queryAllowed.union(CharacterSet(charactersIn: " ")))!.replacingOccurrences(of: " ", with: "+")
    }

    /// Percent-encoding with `%20` for spaces.
    static func percent(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: queryAllowed)! }

    static func query(_ pairs: [(String, String)], plus: Bool = true) -> String {
        pairs.map { "\(percent($0.0))=\(plus ? form($0.1) : percent($0.1))" }.joined(separator: "&")
    }

    static func json(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func jwt(_ r: inout Random) -> String {
        let header = base64URL(#"{"alg":"\#(r.pick(["HS256", "RS256", "ES256"]))","typ":"JWT"}"#)
        let payload = base64URL(#"{"sub":"\#(r.digits(8))","name":"\#(r.pick(firstNames)) \#(r.pick(lastNames))","iat":17\#(r.digits(8)),"exp":17\#(r.digits(8)),"scope":"payments:read payments:write","aud":"https://api.strait.example"}"#)
        return "\(header).\(payload).\(base64URL(r.alnum(32)))"
    }

    // MARK: headers

    static func browserHeaders(_ r: inout Random, host: String, referer: Bool = true) -> [(name: String, value: String)] {
        let agent = r.pick(userAgents)
        var headers: [(name: String, value: String)] = [("Host", host), ("User-Agent", agent), ("Accept", r.pick(accepts)), ("Accept-Language", r.pick(languages)),
                                                        ("Accept-Encoding", r.pick(["gzip, deflate, br", "gzip, deflate, br, zstd", "gzip"]))]
        if agent.contains("Chrome") {
            headers.append(("sec-ch-ua", #""Chromium";v="124", "Google Chrome";v="124", "Not-A.Brand";v="99""#))
            headers.append(("sec-ch-ua-mobile", agent.contains("Mobile") ? "?1" : "?0"))
            headers.append(("sec-ch-ua-platform", agent.contains("Windows") ? #""Windows""# : agent.contains("Android") ? #""Android""# : #""macOS""#))
            headers.append(("Sec-Fetch-Site", r.pick(["none", "same-origin", "cross-site"])))
            headers.append(("Sec-Fetch-Mode", "navigate"))
            headers.append(("Sec-Fetch-Dest", "document"))
            headers.append(("Upgrade-Insecure-Requests", "1"))
        }
        if referer, r.chance(70) { headers.append(("Referer", self.referer(&r, host: host))) }
        if r.chance(80) { headers.append(("Cookie", cookie(&r))) }
        if r.chance(15) { headers.append(("If-None-Match", "W/\"\(r.hex(2))-\(r.alnum(27))\"")) }
        if r.chance(10) { headers.append(("If-Modified-Since", "Wed, 21 Oct 2025 07:28:00 GMT")) }
        if r.chance(10) { headers.append(("DNT", "1")) }
        if r.chance(10) { headers.append(("X-Forwarded-For", "203.0.113.\(r.int(1..<255)), 198.51.100.\(r.int(1..<255))")) }
        if r.chance(10) { headers.append(("Cache-Control", r.pick(["max-age=0", "no-cache"]))) }
        return headers
    }

    static func referer(_ r: inout Random, host: String) -> String {
        let term = r.pick(searchTerms)
        switch r.int(0..<8) {
        case 0: return "https://www.google.com/search?q=\(form(term))&oq=\(form(term))&gs_lcrp=EgZjaHJvbWUyBggAEEUYOdIBCDQ1NjdqMGo3qAIAsAIA&sourceid=chrome&ie=UTF-8"
        case 1: return "https://www.bing.com/search?q=\(form(term))&form=QBLH&sp=-1&pq=\(form(String(term.prefix(4))))&sc=10-4&qs=n&sk=&cvid=\(r.hex(32).uppercased())"
        case 2: return "https://duckduckgo.com/?q=\(form(term))&t=h_&ia=web"
        case 3: return "https://yandex.ru/search/?text=\(percent(term))&lr=213"
        case 4: return "https://www.baidu.com/s?wd=\(percent(term))&rsv_spt=1&ie=utf-8"
        case 5: return "https://\(host)\(r.pick(pages))"
        case 6: return "https://l.facebook.com/l.php?u=https%3A%2F%2F\(host)%2Fpricing%3Futm_source%3Dfacebook&h=AT\(r.alnum(40))"
        default: return "https://\(host)/"
        }
    }

    static func cookie(_ r: inout Random) -> String {
        var parts: [String] = []
        parts.append("_ga=GA1.\(r.int(1..<4)).\(r.digits(10)).\(r.digits(10))")
        if r.chance(70) { parts.append("_gid=GA1.2.\(r.digits(9)).\(r.digits(10))") }
        if r.chance(40) { parts.append("_ga_\(r.alnum(10).uppercased())=GS1.1.\(r.digits(10)).\(r.int(1..<40)).1.\(r.digits(10)).0.0.0") }
        if r.chance(50) { parts.append("_fbp=fb.1.\(r.digits(13)).\(r.digits(10))") }
        if r.chance(20) { parts.append("_gcl_au=1.1.\(r.digits(10)).\(r.digits(10))") }
        if r.chance(30) { parts.append("PHPSESSID=\(r.alnum(26).lowercased())") }
        if r.chance(25) { parts.append("JSESSIONID=\(r.hex(32).uppercased()).node\(r.int(1..<5))") }
        if r.chance(30) { parts.append("csrftoken=\(r.alnum(32))") }
        if r.chance(20) { parts.append("XSRF-TOKEN=\(percent(r.alnum(40) + "=="))") }
        if r.chance(25) { parts.append("access_token=\(jwt(&r))") }
        if r.chance(20) {
            let blob = #"{"cart":[{"sku":"X200-\#(r.digits(3))","qty":\#(r.int(1..<4))}],"currency":"\#(r.pick(currencies))","last":"/checkout/shipping"}"#
            parts.append("cart=\(Data(blob.utf8).base64EncodedString())")
        }
        if r.chance(15) {
            let blob = #"{"theme":"dark","lang":"\#(r.pick(["en", "de", "fr", "ja"]))","recent":["\#(r.pick(searchTerms))"]}"#
            parts.append("prefs=\(percent(blob))")
        }
        if r.chance(20) {
            parts.append("OptanonConsent=isGpcEnabled=0&datestamp=\(form("Mon Nov 27 2026 10:\(r.digits(2)):00 GMT+0100 (Central European Standard Time)"))&version=202310.1.0&browserGpcFlag=0&isIABGlobal=false&hosts=&consentId=\(r.uuid())&interactionCount=1&landingPath=NotLandingPage&groups=C0001%3A1%2CC0002%3A\(r.int(0..<2))%2CC0003%3A1%2CC0004%3A0&AwaitingReconsent=false")
        }
        if r.chance(15) { parts.append("euconsent-v2=CP\(r.alnum(20))AAAAAAAAAAAAA.\(r.alnum(12))_\(r.alnum(6))") }
        if r.chance(15) { parts.append("cookieconsent_status=dismiss") }
        if r.chance(10) { parts.append("session=\(Data(r.alnum(48).utf8).base64EncodedString()).\(r.alnum(6)).\(r.alnum(27))") }
        if r.chance(10) { parts.append("connect.sid=s%3A\(r.alnum(32)).\(percent(r.alnum(43)))") }
        if r.chance(10) { parts.append("remember_web_59ba36addc2b2f9401580f014c7f58ea4e30989d=\(percent("eyJpdiI6I" + r.alnum(60) + "=="))") }
        if r.chance(10) { parts.append("__cf_bm=\(r.alnum(43))-\(r.digits(10))-0-\(r.alnum(20))=") }
        if r.chance(10) { parts.append("intercom-session-\(r.alnum(8).lowercased())=\(r.alnum(60))%3D%3D--\(r.hex(40))") }
        if r.chance(10) { parts.append("lang=\(r.pick(["en", "de-DE", "fr_FR", "zh-Hans"]))") }
        return parts.joined(separator: "; ")
    }

    static func apiHeaders(_ r: inout Random, host: String, type: String?) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = [("Host", host), ("User-Agent", r.pick(userAgents)), ("Accept", "application/json"),
                                                        ("Authorization", r.chance(80) ? "Bearer \(jwt(&r))" : "Basic \(Data("client_\(r.alnum(8)):\(r.alnum(24))".utf8).base64EncodedString())")]
        if let type { headers.append(("Content-Type", type)) }
        if r.chance(60) { headers.append(("X-Request-ID", r.uuid())) }
        if r.chance(40) { headers.append(("Idempotency-Key", r.uuid())) }
        if r.chance(30) { headers.append(("Origin", "https://app.strait.example")) }
        if r.chance(20) { headers.append(("X-Client-Version", "3.14.\(r.int(0..<5)) (build \(r.digits(4)))")) }
        if r.chance(15) { headers.append(("Accept-Language", r.pick(languages))) }
        if r.chance(10) { headers.append(("traceparent", "00-\(r.hex(32))-\(r.hex(16))-01")) }
        return headers
    }

    static func request(_ method: String, _ target: String, _ headers: [(name: String, value: String)], body: String = "") -> InspectedRequest {
        var all = headers
        if !body.isEmpty { all.append(("Content-Length", String(body.utf8.count))) }
        return InspectedRequest(method: method, target: target, headers: all, body: Array(body.utf8))
    }

    // MARK: request shapes

    static func pageView(_ r: inout Random) -> Case {
        let host = r.pick(["www.strait.example", "shop.example.com", "blog.example.org", "news.example.net"])
        var pairs: [(String, String)] = []
        var path = r.pick(pages)
        switch r.int(0..<6) {
        case 0:
            path = "/search"
            pairs.append((r.pick(["q", "query", "s", "search", "keyword", "text"]), r.pick(searchTerms)))
            if r.chance(50) { pairs.append(("page", String(r.int(1..<30)))) }
            if r.chance(30) { pairs.append(("lang", r.pick(["en", "de", "fr", "ja", "ar"]))) }
        case 1:
            pairs += [("utm_source", r.pick(utmSources)), ("utm_medium", r.pick(utmMediums)), ("utm_campaign", r.pick(campaigns))]
            if r.chance(40) { pairs.append(("utm_content", r.pick(["hero_banner", "cta-bottom", "text link", "ad variant B"]))) }
            if r.chance(40) { pairs.append(("utm_term", r.pick(searchTerms))) }
            if r.chance(30) { pairs.append(("gclid", r.alnum(40) + "_BwE")) }
            if r.chance(20) { pairs.append(("fbclid", "IwAR" + r.alnum(50))) }
        case 2:
            path = r.pick(["/category/shoes/womens", "/c/electronics/laptops", "/products", "/s"])
            pairs += [("sort", r.pick(sorts)), ("page", String(r.int(1..<50))), ("per_page", r.pick(["12", "24", "48", "100"]))]
            if r.chance(50) { pairs.append(("color", r.pick(colors))) }
            if r.chance(40) { pairs.append(("price", "\(r.int(0..<100))-\(r.int(100..<1000))")) }
            if r.chance(30) { pairs.append(("brand[]", r.pick(["Nike", "Adidas", "New Balance", "Dr. Martens", "Levi's"]))) }
            if r.chance(30) { pairs.append(("filter[size]", r.pick(["S", "M", "L", "XL", "42", "8.5"]))) }
            if r.chance(20) { pairs.append(("in_stock", r.pick(["true", "1", "on"]))) }
            if r.chance(20) { pairs.append(("q", r.pick(searchTerms))) }
        case 3:
            pairs += [("ref", r.pick(["nav", "footer", "home_carousel", "email-digest"])), ("_", String(17_000_000_000_00 + r.int(0..<1_000_000)))]
        case 4:
            path = r.pick(["/login", "/signin", "/oauth/authorize"])
            pairs += [("redirect_uri", "https://app.strait.example/callback"), ("return_to", r.pick(["/account/orders", "/checkout/shipping?step=2", "/"])),
                      ("state", r.alnum(24)), ("client_id", "web-\(r.hex(8))"), ("scope", "openid profile email"), ("response_type", "code")]
            if r.chance(50) { pairs.append(("nonce", r.alnum(16))) }
        default:
            break
        }
        let target = pairs.isEmpty ? path : "\(path)?\(query(pairs, plus: r.chance(70)))"
        return Case(label: "page", request: request(r.chance(95) ? "GET" : "HEAD", target, browserHeaders(&r, host: host)))
    }

    static func staticFile(_ r: inout Random) -> Case {
        var target = r.pick(staticFiles)
        if target == "/_next/image" { target += "?url=%2Fimages%2F2024%2F05%2Fphoto-\(r.int(1..<9)).jpg&w=\(r.pick(["640", "1080", "1920"]))&q=75" }
        if r.chance(20) { target += (target.contains("?") ? "&" : "?") + "v=\(r.hex(8))" }
        var headers = browserHeaders(&r, host: "www.strait.example", referer: false)
        headers.append(("Referer", "https://www.strait.example\(r.pick(pages))"))
        if r.chance(10) { headers.append(("Range", "bytes=0-1048575")) }
        return Case(label: "static", request: request("GET", target, headers))
    }

    static func person(_ r: inout Random) -> (first: String, last: String, email: String) {
        let first = r.pick(firstNames), last = r.pick(lastNames)
        let local = "\(first.lowercased().filter { $0.isLetter && $0.isASCII }).\(last.lowercased().filter { $0.isLetter && $0.isASCII })\(r.chance(30) ? String(r.int(1..<99)) : "")"
        return (first, last, "\(local.isEmpty ? "user" : local)\(r.chance(20) ? "+\(r.pick(["news", "bank", "shop"]))" : "")@\(r.pick(emailDomains))")
    }

    static func formPost(_ r: inout Random) -> Case {
        let host = "www.strait.example"
        var headers = browserHeaders(&r, host: host, referer: false)
        headers.append(("Content-Type", "application/x-www-form-urlencoded"))
        headers.append(("Origin", "https://\(host)"))
        let p = person(&r)
        var pairs: [(String, String)] = []
        let path: String
        switch r.int(0..<4) {
        case 0:
            path = "/login"
            pairs = [("email", p.email), ("password", r.pick(["Summer2024!", "correct horse battery staple", "P@ssw0rd#1", "hunter2", "Tr0ub4dor&3", "my$ecret(pass)", "qwerty;123", "' or love", "x<y>z=1", "admin--2024"])),
                     ("remember_me", "on"), ("csrfmiddlewaretoken", r.alnum(64))]
        case 1:
            path = "/signup"
            pairs = [("first_name", p.first), ("last_name", p.last), ("email", p.email), ("phone", r.pick(phones)), ("password", r.alnum(12) + r.pick(["!", "#", "$", "&", "%", "("])),
                     ("address_line1", r.pick(streets)), ("city", r.pick(cities)), ("postcode", r.pick(["75004", "10115", "SW1A 1AA", "94043", "28013", "00-001", "104-0061", "8001"])),
                     ("country", r.pick(["FR", "DE", "GB", "US", "ES", "PL", "JP", "CH"])), ("dob", "19\(r.int(50..<99))-0\(r.int(1..<9))-1\(r.int(0..<9))"), ("terms", "accepted"), ("_token", r.alnum(40))]
        case 2:
            path = "/contact"
            let message = (0..<r.int(1..<4)).map { _ in r.pick(sentences + codeSnippets) }.joined(separator: r.pick([" ", "\n", "\r\n\r\n"]))
            pairs = [("name", "\(p.first) \(p.last)"), ("email", p.email), ("company", r.pick(orgs)), ("subject", r.pick(["Question about fees", "Card declined", "Re: Order #4411", "Partnership", "Bug report (iOS app)", "Feedback & ideas", "Complaint"])),
                     ("message", message), ("phone", r.pick(phones))]
        default:
            path = "/comments"
            pairs = [("post_id", String(r.int(1..<5000))), ("author", "\(p.first) \(p.last)"), ("comment", r.pick(sentences + codeSnippets)), ("parent", "0"), ("g-recaptcha-response", "03AFcWeA" + r.alnum(120))]
        }
        return Case(label: "form \(path)", request: request("POST", path, headers, body: query(pairs)))
    }

    static func paymentJSON(_ r: inout Random) -> Case {
        let debtor = person(&r), creditor = person(&r)
        let memo = r.chance(60) ? r.pick(memos) : r.pick(sentences)
        let amount = "\(r.int(1..<5000)).\(r.digits(2))"
        let body = """
        {"amount":{"value":"\(amount)","currency":"\(r.pick(currencies))"},"debtor":{"name":\(json("\(debtor.first) \(debtor.last)")),"iban":"\(r.pick(ibans))"},\
        "creditor":{"name":\(json(r.chance(50) ? r.pick(orgs) : "\(creditor.first) \(creditor.last)")),"iban":"\(r.pick(ibans))","address":{"street":\(json(r.pick(streets))),"city":\(json(r.pick(cities)))}},\
        "remittanceInformation":\(json(memo)),"endToEndId":"E2E-2026-\(r.digits(6))","purpose":"\(r.pick(["RENT", "SALA", "GDDS", "SUPP", "OTHR"]))",\
        "requestedExecutionDate":"2026-0\(r.int(1..<10))-1\(r.int(0..<10))","metadata":{"channel":"\(r.pick(["mobile", "web", "api"]))","ip":"203.0.113.\(r.int(1..<255))","device":\(json(r.pick(["iPhone15,2", "Pixel 8", "SM-S918B", "MacBookPro18,3"])))}}
        """
        return Case(label: "payment", request: request("POST", "/api/v1/payments", apiHeaders(&r, host: "api.strait.example", type: "application/json"), body: body))
    }

    static func profileJSON(_ r: inout Random) -> Case {
        let p = person(&r)
        let body = """
        {"firstName":\(json(p.first)),"lastName":\(json(p.last)),"email":\(json(p.email)),"phone":\(json(r.pick(phones))),\
        "address":{"line1":\(json(r.pick(streets))),"city":\(json(r.pick(cities))),"postcode":"\(r.digits(5))"},"bio":\(json(r.pick(sentences))),\
        "preferences":{"newsletter":\(r.chance(50)),"language":"\(r.pick(["en", "de", "fr", "ja"]))","timezone":"\(r.pick(["Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC"]))"},"nickname":null,"tags":["vip","beta"]}
        """
        return Case(label: "profile", request: request(r.pick(["PATCH", "PUT"]), "/api/v1/users/\(r.int(1..<100000))/profile", apiHeaders(&r, host: "api.strait.example", type: r.pick(["application/json", "application/merge-patch+json", "application/json; charset=utf-8"])), body: body))
    }

    static func searchJSON(_ r: inout Random) -> Case {
        let body = """
        {"query":\(json(r.pick(searchTerms))),"filters":{"status":["\(r.pick(statuses))","\(r.pick(statuses))"],"amount":{"gte":\(r.int(0..<100)),"lte":\(r.int(100..<10000))},"createdAt":{"from":"2026-01-01T00:00:00Z","to":"2026-03-31T23:59:59Z"},"counterparty":\(json(r.pick(orgs)))},\
        "sort":[{"field":"\(r.pick(["createdAt", "amount", "name"]))","order":"\(r.pick(["asc", "desc"]))"}],"page":{"size":\(r.pick([20, 50, 100])),"cursor":\(json(base64URL("{\"id\":\(r.int(1..<99999))}")))}}
        """
        return Case(label: "search", request: request("POST", "/api/v2/transactions/search", apiHeaders(&r, host: "api.strait.example", type: "application/json"), body: body))
    }

    static func graphQLRequest(_ r: inout Random) -> Case {
        let document = r.pick(graphQL)
        let variables = r.chance(60) ? #","variables":{"id":"acc_\#(r.alnum(10))","first":20,"q":\#(json(r.pick(searchTerms))),"input":{"amount":"12.50","memo":\#(json(r.pick(memos)))}}"# : ""
        let body = #"{"query":\#(json(document))\#(variables)\#(r.chance(40) ? #","operationName":null"# : "")}"#
        return Case(label: "graphql", request: request("POST", "/graphql", apiHeaders(&r, host: "api.strait.example", type: "application/json"), body: body))
    }

    static func apiGet(_ r: inout Random) -> Case {
        let id = r.int(1..<100000)
        let target: String
        switch r.int(0..<8) {
        case 0: target = "/api/v1/users/\(id)/orders?status=\(r.pick(statuses))&limit=\(r.pick([10, 25, 50]))"
        case 1: target = "/api/v1/accounts/acc_\(r.alnum(12))/transactions?from=2026-01-01&to=2026-01-31&sort=\(percent(r.pick(sorts)))&page[size]=50&page[number]=\(r.int(1..<9))"
        case 2: target = "/api/v2/payments?status=settled,pending&currency=\(r.pick(currencies))&created[gte]=1700000000&expand[]=customer"
        case 3: target = "/api/v1/fx/rates?base=\(r.pick(currencies))&symbols=\(r.pick(currencies)),\(r.pick(currencies))&date=2026-03-0\(r.int(1..<10))"
        case 4: target = "/api/v1/merchants?q=\(form(r.pick(searchTerms)))&near=\(r.int(-90..<90)).\(r.digits(4)),\(r.int(-180..<180)).\(r.digits(4))&radius=5km"
        case 5: target = "/api/v1/customers/cus_\(r.alnum(14))?fields=id,name,email,address&include=cards"
        case 6: target = "/api/v1/statements/2026-0\(r.int(1..<10)).pdf?download=1&filename=\(percent("Statement \(r.pick(["March", "Mai", "März"])) 2026.pdf"))"
        default: target = "/api/v1/users/\(id)?select=name,email&order=created_at.desc&name=ilike.*\(form(r.pick(firstNames)))*"
        }
        return Case(label: "api", request: request(r.pick(["GET", "GET", "GET", "DELETE"]), target, apiHeaders(&r, host: "api.strait.example", type: nil)))
    }

    static func upload(_ r: inout Random) -> Case {
        let boundary = "----WebKitFormBoundary\(r.alnum(16))"
        let file = r.pick(["photo-1.jpg", "IMG_2045.HEIC", "invoice (3).pdf", "CV - Anna Müller.docx", "statement_2024-05.csv", "passport scan.png", "receipt#17.jpeg", "contract_v2 FINAL(1).pdf", "bank-details.txt"])
        let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\n\(r.pick(sentences))\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"document\"; filename=\"\(file)\"\r\nContent-Type: application/octet-stream\r\n\r\n\(r.alnum(200))\r\n--\(boundary)--\r\n"
        return Case(label: "upload", request: request("POST", "/api/v1/documents", apiHeaders(&r, host: "api.strait.example", type: "multipart/form-data; boundary=\(boundary)"), body: body))
    }

    static func supportMessage(_ r: inout Random) -> Case {
        let text = (0..<r.int(1..<3)).map { _ in r.pick(codeSnippets + sentences) }.joined(separator: r.pick([" ", "\n"]))
        let body = #"{"ticketId":"T-\#(r.digits(6))","author":\#(json(r.pick(firstNames))),"message":\#(json(text)),"attachments":[],"channel":"chat"}"#
        return Case(label: "support", request: request("POST", "/api/v1/support/tickets/\(r.int(1..<99999))/messages", apiHeaders(&r, host: "api.strait.example", type: "application/json"), body: body))
    }

    /// Query parameters of ordinary web apps: redirects, JSONP, OData and Lucene filters, cron settings, templates.
    static let queryValues: [(String, String)] = [
        ("next", "/account/orders?page=2"), ("return", "/checkout?step=2&coupon=SAVE20"), ("callback", "jQuery36104512345678901234_1716890000000"),
        ("$filter", "Name eq 'Anna' and Age gt 30"), ("$orderby", "CreatedAt desc"), ("$top", "10"), ("$select", "Id,Name,Email"), ("$expand", "Orders($top=5)"),
        ("q", "status:shipped AND total:[100 TO 500]"), ("q", "title:\"annual report\" -draft"), ("schedule", "*/5 * * * *"), ("cron", "0 0 * * 1"),
        ("template", "Hi {name}, your order {order_id} has shipped"), ("greeting", "Dear #{first_name},"), ("price_label", "Total: ${total}"),
        ("pattern", "^[A-Z]{2}\\d{2}$"), ("emoji", "🔥🚀 launch day"), ("tz", "Europe/Berlin"), ("date", "2026-05-12T10:00:00+02:00"), ("range", "[2026-01-01,2026-02-01)"),
        ("path", "/Documents/Invoices/2024"), ("file", "Invoice_2024-05 (copy).pdf"), ("dir", "photos/2024/summer"), ("page", "about-us"), ("include", "orders,customer.address"),
        ("fields[articles]", "title,body"), ("filter[amount][gte]", "100"), ("sort", "-created_at,name"), ("expand[]", "data.customer"), ("metadata[order_id]", "6735"),
        ("lang", "zh-Hant-TW"), ("search", "who we are"), ("search", "time & date"), ("search", "history of rome"), ("search", "top 10 restaurants"), ("search", "kill bill vol. 2"),
        ("search", "make an appointment"), ("search", "find a branch near me"), ("search", "id card renewal"), ("search", "more info; less fees"), ("search", "set up direct debit"),
        ("search", "c:\\windows is full"), ("search", "ctrl+alt+del"), ("search", "cmd+c to copy"), ("search", "ping: 32ms is slow"), ("search", "watch faces"),
        ("utm_content", "{{ad.name}}"), ("utm_campaign", "{campaignid}_{adgroupid}"), ("ref", "https://news.ycombinator.com/item?id=40123456"), ("url", "https://www.example.com/a/b?c=d&e=f"),
        ("message", "S: 220 ready\nC: EHLO"), ("swift", "{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}{4:\n:20:REF12345\n:32A:260512EUR1250,00\n-}"),
        ("memo", "Line 1\nLine 2: details\nLine 3 (final)"), ("address", "Flat 2, 10 Downing St.\nLondon SW1A 2AA"), ("note", "<3 thanks!! :-) ;-)"), ("tags", "#travel #food #2024"),
        ("json", "{\"a\":1,\"b\":[1,2,3]}"), ("csv", "date,description,amount\n2026-01-02,\"Coffee; milk\",3.50\n2026-01-03,Echo Park rent,1200"),
        ("code", "ABC-123-XYZ"), ("coupon", "SUMMER$20"), ("answer", "My first pet's name was \"Rex\" (a dog)"), ("comment", "5 stars!!! would buy again & again"),
    ]

    static func miscellaneous(_ r: inout Random) -> Case {
        var pairs: [(String, String)] = []
        for _ in 0..<r.int(1..<4) { pairs.append(r.pick(queryValues)) }
        if r.chance(50) {
            return Case(label: "misc", request: request("GET", "/app?\(query(pairs, plus: r.chance(50)))", browserHeaders(&r, host: "app.strait.example")))
        }
        let body = "{" + pairs.map { "\(json($0.0)):\(json($0.1))" }.joined(separator: ",") + "}"
        return Case(label: "misc", request: request("POST", "/api/v1/settings", apiHeaders(&r, host: "api.strait.example", type: "application/json"), body: body))
    }

    /// Webhook events of payment providers and CSV statement uploads.
    static func webhookOrCSV(_ r: inout Random) -> Case {
        if r.chance(50) {
            let body = """
            {"id":"evt_\(r.alnum(24))","object":"event","api_version":"2024-04-10","created":17\(r.digits(8)),"type":"\(r.pick(["payment_intent.succeeded", "charge.refunded", "invoice.paid", "customer.updated", "payout.failed"]))",\
            "data":{"object":{"id":"pi_\(r.alnum(24))","amount":\(r.int(100..<100000)),"currency":"\(r.pick(currencies).lowercased())","description":\(json(r.pick(memos))),\
            "metadata":{"order_id":"\(r.digits(6))","note":\(json(r.pick(sentences)))},"shipping":{"name":\(json(r.pick(firstNames) + " " + r.pick(lastNames))),"address":{"line1":\(json(r.pick(streets))),"city":\(json(r.pick(cities)))}},\
            "statement_descriptor":"STRAIT* \(r.pick(["COFFEE", "RENT", "SHOP"]))","receipt_url":"https://pay.example.com/receipts/acct_\(r.alnum(16))/ch_\(r.alnum(24))/rcpt_\(r.alnum(32))"}},\
            "livemode":false,"pending_webhooks":1,"request":{"id":"req_\(r.alnum(14))","idempotency_key":"\(r.uuid())"}}
            """
            var headers = apiHeaders(&r, host: "hooks.strait.example", type: "application/json")
            headers.append(("Stripe-Signature", "t=17\(r.digits(8)),v1=\(r.hex(64)),v0=\(r.hex(64))"))
            return Case(label: "webhook", request: request("POST", "/webhooks/payments", headers, body: body))
        }
        var rows = ["Date;Description;Amount;Currency;Balance"]
        for _ in 0..<r.int(3..<12) {
            let text = r.chance(50) ? r.pick(memos) : r.pick(orgs)
            rows.append("2026-0\(r.int(1..<10))-1\(r.int(0..<10));\"\(text.replacingOccurrences(of: "\"", with: "\"\""))\";-\(r.int(1..<900)),\(r.digits(2));\(r.pick(currencies));\(r.int(0..<9000)),\(r.digits(2))")
        }
        let body = rows.joined(separator: "\r\n")
        return Case(label: "csv", request: request("POST", "/api/v1/statements/import?format=csv&delimiter=%3B", apiHeaders(&r, host: "api.strait.example", type: "text/csv"), body: body))
    }

    /// Support messages that quote a pasted command line (see `pastedCommands`).
    static func pasted(count: Int = 200, seed: UInt64 = 0x5041_5354_4544) -> [Case] {
        var r = Random(state: seed)
        return (0..<count).map { index in
            let text = index % 2 == 0 ? r.pick(pastedCommands) : "\(r.pick(sentences))\n\(r.pick(pastedCommands))"
            let body = #"{"ticketId":"T-\#(r.digits(6))","message":\#(json(text)),"channel":"chat"}"#
            return Case(label: "pasted", request: request("POST", "/api/v1/support/tickets/\(r.int(1..<99999))/messages", apiHeaders(&r, host: "api.strait.example", type: "application/json"), body: body))
        }
    }

    /// The corpus: the same requests on every run.
    static func generate(count: Int = 2_720, seed: UInt64 = 0x5354_5241_4954) -> [Case] {
        var r = Random(state: seed)
        var cases: [Case] = []
        cases.reserveCapacity(count)
        let shapes: [(inout Random) -> Case] = [pageView, pageView, pageView, staticFile, formPost, formPost, paymentJSON, profileJSON, searchJSON, graphQLRequest, apiGet, apiGet, upload, supportMessage, supportMessage, miscellaneous, webhookOrCSV]
        for index in 0..<count { cases.append(shapes[index % shapes.count](&r)) }
        return cases
    }
}

// END BenignTraffic

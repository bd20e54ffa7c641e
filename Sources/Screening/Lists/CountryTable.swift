// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation

/// Country names as sanctions lists write them → ISO 3166-1 alpha-2.
///
/// Covers every current ISO 3166-1 country with its short English name and the variants the OFAC,
/// UN and EU lists use (`Korea, North`, `Iran (Islamic Republic of)`, `Burma`, `Congo, Democratic
/// Republic of the`, `Türkiye`, …), a few demonyms OFAC uses for nationality (`Palestinian`), and
/// alpha-2 codes themselves. Matching ignores case, accents, punctuation and a leading `the`/`possibly`.
/// Names of former states (Soviet Union, Yugoslavia, Netherlands Antilles) and disputed regions
/// (Crimea, Kafia Kingi) are deliberately not resolved: the importer reports them.
enum CountryTable {
    /// `CODE:name|variant|…`, one country a line.
    private static let source = """
        AF:Afghanistan|Islamic Republic of Afghanistan|Afghan
        AX:Aland Islands
        AL:Albania|Albanian
        DZ:Algeria|Algerian
        AS:American Samoa
        AD:Andorra
        AO:Angola
        AI:Anguilla
        AQ:Antarctica
        AG:Antigua and Barbuda
        AR:Argentina
        AM:Armenia
        AW:Aruba
        AU:Australia
        AT:Austria
        AZ:Azerbaijan
        BS:Bahamas|Bahamas, The
        BH:Bahrain
        BD:Bangladesh
        BB:Barbados
        BY:Belarus
        BE:Belgium
        BZ:Belize
        BJ:Benin
        BM:Bermuda
        BT:Bhutan
        BO:Bolivia|Bolivia (Plurinational State of)|Plurinational State of Bolivia
        BQ:Bonaire, Sint Eustatius and Saba
        BA:Bosnia and Herzegovina|Bosnia-Herzegovina|Bosnia
        BW:Botswana
        BV:Bouvet Island
        BR:Brazil
        IO:British Indian Ocean Territory
        VG:British Virgin Islands|Virgin Islands, British|Virgin Islands (British)
        BN:Brunei|Brunei Darussalam
        BG:Bulgaria
        BF:Burkina Faso
        BI:Burundi
        CV:Cabo Verde|Cape Verde|Cabo Verde. Previously Cape Verde.
        KH:Cambodia
        CM:Cameroon
        CA:Canada
        KY:Cayman Islands
        CF:Central African Republic
        TD:Chad
        CL:Chile
        CN:China|People's Republic of China|China, People's Republic of
        CX:Christmas Island
        CC:Cocos (Keeling) Islands
        CO:Colombia
        KM:Comoros
        CG:Congo|Republic of the Congo|Congo, Republic of the|Congo-Brazzaville|Congo (Brazzaville)
        CD:Democratic Republic of the Congo|Congo, Democratic Republic of the|Congo, The Democratic Republic of the|DR Congo|DRC|Congo-Kinshasa|Congo (Kinshasa)|Zaire
        CK:Cook Islands
        CR:Costa Rica
        CI:Cote d'Ivoire|Cote d Ivoire|Ivory Coast
        HR:Croatia
        CU:Cuba
        CW:Curacao
        CY:Cyprus
        CZ:Czechia|Czech Republic
        DK:Denmark
        DJ:Djibouti
        DM:Dominica
        DO:Dominican Republic
        EC:Ecuador
        EG:Egypt|Arab Republic of Egypt
        SV:El Salvador
        GQ:Equatorial Guinea
        ER:Eritrea|Eritrean
        EE:Estonia
        SZ:Eswatini|Swaziland
        ET:Ethiopia
        FK:Falkland Islands|Falkland Islands (Malvinas)
        FO:Faroe Islands
        FJ:Fiji
        FI:Finland
        FR:France
        GF:French Guiana
        PF:French Polynesia
        TF:French Southern Territories
        GA:Gabon
        GM:Gambia|The Gambia|Gambia, The
        GE:Georgia
        DE:Germany
        GH:Ghana
        GI:Gibraltar
        GR:Greece
        GL:Greenland
        GD:Grenada
        GP:Guadeloupe
        GU:Guam
        GT:Guatemala
        GG:Guernsey
        GN:Guinea
        GW:Guinea-Bissau
        GY:Guyana
        HT:Haiti
        HM:Heard Island and McDonald Islands
        VA:Holy See|Vatican|Vatican City
        HN:Honduras
        HK:Hong Kong|China, Hong Kong Special Administrative Region|Hong Kong SAR|Hong Kong, China
        HU:Hungary
        IS:Iceland
        IN:India
        ID:Indonesia
        IR:Iran|Iran (Islamic Republic of)|Islamic Republic of Iran|Iran, Islamic Republic of
        IQ:Iraq
        IE:Ireland
        IM:Isle of Man|Man, Isle of
        IL:Israel
        IT:Italy
        JM:Jamaica
        JP:Japan
        JE:Jersey
        JO:Jordan
        KZ:Kazakhstan
        KE:Kenya
        KI:Kiribati
        KP:North Korea|Korea, North|Democratic People's Republic of Korea|Korea, Democratic People's Republic of|DPRK
        KR:South Korea|Korea, South|Republic of Korea|Korea, Republic of
        XK:Kosovo
        KW:Kuwait
        KG:Kyrgyzstan|Kyrgyz Republic
        LA:Laos|Lao People's Democratic Republic
        LV:Latvia
        LB:Lebanon
        LS:Lesotho
        LR:Liberia
        LY:Libya|Libyan Arab Jamahiriya
        LI:Liechtenstein
        LT:Lithuania
        LU:Luxembourg
        MO:Macau|Macao|China, Macao Special Administrative Region
        MG:Madagascar
        MW:Malawi
        MY:Malaysia
        MV:Maldives
        ML:Mali|Region: Northern Mali
        MT:Malta
        MH:Marshall Islands
        MQ:Martinique
        MR:Mauritania
        MU:Mauritius
        YT:Mayotte
        MX:Mexico
        FM:Micronesia|Micronesia, Federated States of|Micronesia (Federated States of)
        MD:Moldova|Republic of Moldova|Moldova, Republic of
        MC:Monaco
        MN:Mongolia
        ME:Montenegro
        MS:Montserrat
        MA:Morocco
        MZ:Mozambique
        MM:Burma|Myanmar
        NA:Namibia
        NR:Nauru
        NP:Nepal
        NL:Netherlands|Netherlands (Kingdom of the)|Holland
        NC:New Caledonia
        NZ:New Zealand
        NI:Nicaragua
        NE:Niger
        NG:Nigeria
        NU:Niue
        NF:Norfolk Island
        MK:North Macedonia|Macedonia|Macedonia, The Former Yugoslav Republic of|The former Yugoslav Republic of Macedonia
        MP:Northern Mariana Islands
        NO:Norway
        OM:Oman
        PK:Pakistan
        PW:Palau
        PS:Palestine|State of Palestine|Palestinian|Palestinian Territories|West Bank|Gaza|Region: Gaza|Occupied Palestinian Territory
        PA:Panama
        PG:Papua New Guinea
        PY:Paraguay
        PE:Peru
        PH:Philippines
        PN:Pitcairn
        PL:Poland
        PT:Portugal
        PR:Puerto Rico
        QA:Qatar
        RE:Reunion
        RO:Romania
        RU:Russia|Russian Federation
        RW:Rwanda
        BL:Saint Barthelemy
        SH:Saint Helena
        KN:Saint Kitts and Nevis|St. Kitts and Nevis
        LC:Saint Lucia|St. Lucia
        MF:Saint Martin
        PM:Saint Pierre and Miquelon
        VC:Saint Vincent and the Grenadines|St. Vincent and the Grenadines
        WS:Samoa
        SM:San Marino
        ST:Sao Tome and Principe
        SA:Saudi Arabia
        SN:Senegal
        RS:Serbia
        SC:Seychelles
        SL:Sierra Leone
        SG:Singapore
        SX:Sint Maarten
        SK:Slovakia|Slovak Republic
        SI:Slovenia
        SB:Solomon Islands
        SO:Somalia
        ZA:South Africa
        GS:South Georgia and the South Sandwich Islands
        SS:South Sudan
        ES:Spain
        LK:Sri Lanka
        SD:Sudan
        SR:Suriname
        SJ:Svalbard and Jan Mayen
        SE:Sweden
        CH:Switzerland
        SY:Syria|Syrian Arab Republic
        TW:Taiwan|Taiwan, Province of China
        TJ:Tajikistan
        TZ:Tanzania|United Republic of Tanzania|Tanzania, United Republic of
        TH:Thailand
        TL:Timor-Leste|East Timor
        TG:Togo
        TK:Tokelau
        TO:Tonga
        TT:Trinidad and Tobago
        TN:Tunisia
        TR:Turkey|Türkiye|Turkiye
        TM:Turkmenistan
        TC:Turks and Caicos Islands
        TV:Tuvalu
        UG:Uganda
        UA:Ukraine
        AE:United Arab Emirates|UAE
        GB:United Kingdom|United Kingdom of Great Britain and Northern Ireland|Great Britain|UK
        US:United States|United States of America|USA
        UM:United States Minor Outlying Islands
        UY:Uruguay
        UZ:Uzbekistan
        VU:Vanuatu
        VE:Venezuela|Venezuela (Bolivarian Republic of)|Bolivarian Republic of Venezuela
        VN:Vietnam|Viet Nam
        VI:Virgin Islands, U.S.|U.S. Virgin Islands|Virgin Islands (U.S.)
        WF:Wallis and Futuna
        EH:Western Sahara
        YE:Yemen
        ZM:Zambia
        ZW:Zimbabwe
        """

    private static let table: [String: String] = {
        var t: [String: String] = [:]
        for line in source.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let code = String(line[..<colon])
            for name in line[line.index(after: colon)...].split(separator: "|") { t[normalize(String(name))] = code }
        }
        return t
    }()

    /// All alpha-2 codes in the table.
    static let codes: Set<String> = Set(table.values)

    /// Texts that mean "no country given" (UN `na`); not resolved and not reported.
    static func isPlaceholder(_ name: String) -> Bool {
        ["na", "n a", "none", "unknown", "00"].contains(normalize(name))
    }

    /// The alpha-2 code for a country name, or for an upper-case alpha-2 code; nil when unknown.
    static func alpha2(_ name: String) -> String? {
        let trimmed = name.trimmed
        if trimmed.utf8.count == 2, trimmed.utf8.allSatisfy({ (0x41...0x5A).contains($0) }) {
            return codes.contains(trimmed) ? trimmed : (trimmed == "UK" ? "GB" : nil)
        }
        return table[normalize(trimmed)]
    }

    /// Lowercased, accents folded, punctuation to spaces, spaces collapsed; a leading `the ` or
    /// `possibly ` dropped.
    static func normalize(_ name: String) -> String {
        let ascii = name.utf8.allSatisfy { $0 < 0x80 }
        let folded = ascii ? name.lowercased() : name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        var out = ""
        var space = false
        for scalar in folded.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if space && !out.isEmpty { out.append(" ") }
                space = false
                out.unicodeScalars.append(scalar)
            } else if scalar != "'" && scalar != "\u{2019}" {
                space = true
            }
        }
        for prefix in ["the ", "possibly "] where out.hasPrefix(prefix) { out.removeFirst(prefix.count) }
        return out
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// ISO 3166-1 alpha-3 codes (as machine-readable zones write nationalities and issuing states) and
/// their alpha-2 codes, plus ICAO Doc 9303's own codes.
public enum CountryCodes {
    /// The alpha-2 code of an alpha-3 code or an ICAO 9303 code (`D` or `D<<` for Germany, `GBD`…`GBS`
    /// British nationals); `nil` for unknown codes and for ICAO codes without a country (`UNO`, `UNA`,
    /// `UNK`, `XXA`, `XXB`, `XXC`, `XXX`: the United Nations, stateless persons, refugees, unspecified).
    public static func alpha2(fromAlpha3 code: String) -> String? {
        let trimmed = String(code.filter { $0 != "<" })
        if trimmed == "D" { return "DE" }
        if ["GBD", "GBN", "GBO", "GBP", "GBS"].contains(trimmed) { return "GB" }
        if trimmed == "RKS" { return "XK" }
        return table.alpha2[trimmed]
    }

    /// The alpha-3 code of an alpha-2 code.
    public static func alpha3(fromAlpha2 code: String) -> String? { table.alpha3[code] }

    /// Whether `code` is an assigned ISO 3166-1 alpha-2 code (or `XK`, Kosovo, used by the EU and ICAO).
    public static func isAlpha2(_ code: String) -> Bool { code == "XK" || table.alpha3[code] != nil }

    private static let table: (alpha2: [String: String], alpha3: [String: String]) = {
        var alpha2: [String: String] = [:]
        var alpha3: [String: String] = [:]
        let words = pairs.split(whereSeparator: { $0 == " " || $0 == "\n" })
        var index = 0
        while index + 1 < words.count {
            let three = String(words[index])
            let two = String(words[index + 1])
            alpha2[three] = two
            alpha3[two] = three
            index += 2
        }
        return (alpha2, alpha3)
    }()

    /// alpha-3, alpha-2 pairs (ISO 3166-1, 2024).
    private static let pairs = """
        AFG AF ALA AX ALB AL DZA DZ ASM AS AND AD AGO AO AIA AI ATA AQ ATG AG ARG AR ARM AM ABW AW AUS AU AUT AT AZE AZ
        BHS BS BHR BH BGD BD BRB BB BLR BY BEL BE BLZ BZ BEN BJ BMU BM BTN BT BOL BO BES BQ BIH BA BWA BW BVT BV BRA BR
        IOT IO BRN BN BGR BG BFA BF BDI BI CPV CV KHM KH CMR CM CAN CA CYM KY CAF CF TCD TD CHL CL CHN CN CXR CX CCK CC
        COL CO COM KM COG CG COD CD COK CK CRI CR CIV CI HRV HR CUB CU CUW CW CYP CY CZE CZ DNK DK DJI DJ DMA DM DOM DO
        ECU EC EGY EG SLV SV GNQ GQ ERI ER EST EE SWZ SZ ETH ET FLK FK FRO FO FJI FJ FIN FI FRA FR GUF GF PYF PF ATF TF
        GAB GA GMB GM GEO GE DEU DE GHA GH GIB GI GRC GR GRL GL GRD GD GLP GP GUM GU GTM GT GGY GG GIN GN GNB GW GUY GY
        HTI HT HMD HM VAT VA HND HN HKG HK HUN HU ISL IS IND IN IDN ID IRN IR IRQ IQ IRL IE IMN IM ISR IL ITA IT JAM JM
        JPN JP JEY JE JOR JO KAZ KZ KEN KE KIR KI PRK KP KOR KR KWT KW KGZ KG LAO LA LVA LV LBN LB LSO LS LBR LR LBY LY
        LIE LI LTU LT LUX LU MAC MO MDG MG MWI MW MYS MY MDV MV MLI ML MLT MT MHL MH MTQ MQ MRT MR MUS MU MYT YT MEX MX
        FSM FM MDA MD MCO MC MNG MN MNE ME MSR MS MAR MA MOZ MZ MMR MM NAM NA NRU NR NPL NP NLD NL NCL NC NZL NZ NIC NI
        NER NE NGA NG NIU NU NFK NF MKD MK MNP MP NOR NO OMN OM PAK PK PLW PW PSE PS PAN PA PNG PG PRY PY PER PE PHL PH
        PCN PN POL PL PRT PT PRI PR QAT QA REU RE ROU RO RUS RU RWA RW BLM BL SHN SH KNA KN LCA LC MAF MF SPM PM VCT VC
        WSM WS SMR SM STP ST SAU SA SEN SN SRB RS SYC SC SLE SL SGP SG SXM SX SVK SK SVN SI SLB SB SOM SO ZAF ZA SGS GS
        SSD SS ESP ES LKA LK SDN SD SUR SR SJM SJ SWE SE CHE CH SYR SY TWN TW TJK TJ TZA TZ THA TH TLS TL TGO TG TKL TK
        TON TO TTO TT TUN TN TUR TR TKM TM TCA TC TUV TV UGA UG UKR UA ARE AE GBR GB USA US UMI UM URY UY UZB UZ VUT VU
        VEN VE VNM VN VGB VG VIR VI WLF WF ESH EH YEM YE ZMB ZM ZWE ZW
        """
}

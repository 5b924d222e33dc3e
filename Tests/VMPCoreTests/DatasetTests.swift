import Foundation
import Testing
@testable import VMPCore

// The built-in vanadium dataset, checked against values typed by hand from the paper
// (independently of the CSV files) and against the paper's text when it is at hand. The
// loader's rejection of broken data files is tested in ChainFilesTests.

/// One published stage quantity, as typed from the paper.
private struct ExpectedQuantity {
    var stage: String
    var quantity: String
    var year: Int?
    var text: String
    var unit: String
    var source: String
}

private let profile = "Supporting text, stage profile "

/// Every stage quantity of the dataset: §4.2's costs, the stage profiles, Table S3.
private let expectedQuantities: [ExpectedQuantity] = [
    // §4.2 — production cost, million RMB.
    .init(stage: "S1", quantity: "cost", year: 2015, text: "0.013", unit: "million RMB", source: "§4.2"),
    .init(stage: "S1", quantity: "cost", year: 2022, text: "0.027", unit: "million RMB", source: "§4.2"),
    .init(stage: "S2", quantity: "cost", year: 2017, text: "6.118", unit: "million RMB", source: "§4.2"),
    .init(stage: "S2", quantity: "cost", year: 2018, text: "25.109", unit: "million RMB", source: "§4.2"),
    .init(stage: "S2", quantity: "cost", year: 2020, text: "9.461", unit: "million RMB", source: "§4.2"),
    .init(stage: "S2", quantity: "cost", year: 2021, text: "11.023", unit: "million RMB", source: "§4.2"),
    .init(stage: "S3", quantity: "cost", year: 2018, text: "16.166", unit: "million RMB", source: "§4.2"),
    .init(stage: "S3", quantity: "cost", year: 2019, text: "37.979", unit: "million RMB", source: "§4.2"),
    .init(stage: "S4", quantity: "cost", year: 2017, text: "10.181", unit: "million RMB", source: "§4.2"),
    .init(stage: "S4", quantity: "cost", year: 2018, text: "40.979", unit: "million RMB", source: "§4.2"),
    .init(stage: "S4", quantity: "cost", year: 2020, text: "17.325", unit: "million RMB", source: "§4.2"),
    .init(stage: "S5", quantity: "cost", year: 2015, text: "3.836", unit: "million RMB", source: "§4.2"),
    .init(stage: "S5", quantity: "cost", year: 2022, text: "12.473", unit: "million RMB", source: "§4.2"),

    // Stage profiles — outputs.
    .init(stage: "S2", quantity: "output", year: 2022, text: "13.34", unit: "10^4 t", source: profile + "S2"),
    .init(stage: "S3", quantity: "output", year: 2022, text: "9.2", unit: "10^4 t", source: profile + "S3"),
    .init(stage: "S4", quantity: "output", year: 2022, text: "113947", unit: "t", source: profile + "S4"),
    // Unit-time outputs.
    .init(stage: "S3", quantity: "unit_output", year: nil, text: "0.1", unit: "10^4 t/day", source: profile + "S3"),
    .init(stage: "S4", quantity: "unit_output", year: nil, text: "1060", unit: "t/day", source: profile + "S4"),
    // Trade.
    .init(stage: "S5", quantity: "imports", year: nil, text: "0.004", unit: "10^4 t", source: profile + "S5"),
    .init(stage: "S5", quantity: "exports", year: nil, text: "0.012", unit: "10^4 t", source: profile + "S5"),
    // Unit costs.
    .init(stage: "S1", quantity: "unit_cost", year: nil, text: "0.019", unit: "million RMB", source: profile + "S1"),
    .init(stage: "S2", quantity: "unit_cost", year: nil, text: "12.46", unit: "million RMB/t", source: profile + "S2"),
    .init(stage: "S3", quantity: "unit_cost", year: nil, text: "17.34", unit: "million RMB/t", source: profile + "S3"),
    .init(stage: "S4", quantity: "unit_cost", year: nil, text: "20.34", unit: "million RMB/t", source: profile + "S4"),
    .init(stage: "S5", quantity: "unit_cost", year: nil, text: "11.55", unit: "million RMB/t", source: profile + "S5"),
    // Emissions.
    .init(stage: "S1", quantity: "emissions", year: nil, text: "18200", unit: "t CO2", source: profile + "S1"),
    .init(stage: "S2", quantity: "emissions", year: nil, text: "4.37", unit: "10^4 t CO2", source: profile + "S2"),
    .init(stage: "S3", quantity: "emissions", year: nil, text: "3.27", unit: "10^4 t CO2", source: profile + "S3"),
    .init(stage: "S5", quantity: "emissions", year: nil, text: "0.04", unit: "10^4 t CO2", source: profile + "S5"),
    // Carbon emission intensities (unit not stated).
    .init(stage: "S1", quantity: "intensity", year: nil, text: "0.04", unit: "1", source: profile + "S1"),
    .init(stage: "S2", quantity: "intensity", year: nil, text: "3.31", unit: "1", source: profile + "S2"),
    .init(stage: "S3", quantity: "intensity", year: nil, text: "2.21", unit: "1", source: profile + "S3"),
    .init(stage: "S4", quantity: "intensity", year: nil, text: "5.53", unit: "1", source: profile + "S4"),
    // Priority ranks, 1 = highest.
    .init(stage: "S1", quantity: "priority", year: nil, text: "4", unit: "1", source: profile + "S1"),
    .init(stage: "S2", quantity: "priority", year: nil, text: "2", unit: "1", source: profile + "S2"),
    .init(stage: "S3", quantity: "priority", year: nil, text: "3", unit: "1", source: profile + "S3"),
    .init(stage: "S4", quantity: "priority", year: nil, text: "1", unit: "1", source: profile + "S4"),
    .init(stage: "S5", quantity: "priority", year: nil, text: "5", unit: "1", source: profile + "S5"),
] + tableS3

/// Table S3, typed row by row: output, cost and intensity responses per stage.
private let tableS3: [ExpectedQuantity] = [
    ("S1", "0.006", "0.048", "0.055"),
    ("S2", "0.0072", "0.062", "0.073"),
    ("S3", "0.0118", "0.85", "0.068"),
    ("S4", "0.0091", "0.071", "0.88"),
    ("S5", "0.0054", "0.039", "0.044"),
].flatMap { row in
    [("response_output", row.1), ("response_cost", row.2), ("response_intensity", row.3)].map {
        ExpectedQuantity(stage: row.0, quantity: $0.0, year: nil, text: $0.1, unit: "1", source: "Table S3")
    }
}

/// Tables S1 and S2 as printed: the column headers and the rows, year by year.
private let tableS1Columns = [("S1", "S2"), ("S2", "S3"), ("S3", "S4"), ("S4", "S5"), ("S5", "S2")]  // "Si drives Sj"
private let tableS1: [(Int, [String])] = [
    (2015, ["0.042", "0.065", "0.042", "0.103", "0.00133"]),
    (2016, ["0.045", "0.070", "0.054", "0.113", "0.00143"]),
    (2017, ["0.04", "0.083", "0.059", "0.110", "0.00165"]),
    (2018, ["0.043", "0.096", "0.071", "0.103", "0.00178"]),
    (2019, ["0.054", "0.116", "0.095", "0.104", "0.00219"]),
    (2020, ["0.053", "0.130", "0.103", "0.114", "0.00252"]),
    (2021, ["0.073", "0.129", "0.101", "0.112", "0.00249"]),
    (2022, ["0.07", "0.133", "0.092", "0.113", "0.00253"]),
]
/// Table S2's headers are "S2 pulls S1", "S3 pulls S2", "S4 pulls S3", "S5 pulls S4",
/// "S2 pulls S5": as (from = supplier, to = receiver) pairs:
private let tableS2Columns = [("S1", "S2"), ("S2", "S3"), ("S3", "S4"), ("S4", "S5"), ("S5", "S2")]
private let tableS2: [(Int, [String])] = [
    (2015, ["0.028", "0.040", "0.025", "0.068", "0.00103"]),
    (2016, ["0.03", "0.044", "0.031", "0.075", "0.00110"]),
    (2017, ["0.026", "0.052", "0.034", "0.073", "0.00127"]),
    (2018, ["0.028", "0.060", "0.042", "0.069", "0.00137"]),
    (2019, ["0.036", "0.072", "0.056", "0.069", "0.00168"]),
    (2020, ["0.035", "0.081", "0.061", "0.076", "0.00194"]),
    (2021, ["0.048", "0.081", "0.059", "0.074", "0.001916"]),
    (2022, ["0.046", "0.083", "0.054", "0.075", "0.001953"]),
]

/// Where §4.4's text gives more digits than Table S1.
private let section44Digits: [LinkageKey: String] = [
    LinkageKey(from: "S2", to: "S3", kind: .forward, year: 2015): "0.0655",
    LinkageKey(from: "S2", to: "S3", kind: .forward, year: 2022): "0.1334",
    LinkageKey(from: "S3", to: "S4", kind: .forward, year: 2015): "0.0429",
    LinkageKey(from: "S3", to: "S4", kind: .forward, year: 2020): "0.1039",
    LinkageKey(from: "S3", to: "S4", kind: .forward, year: 2021): "0.1016",
    LinkageKey(from: "S3", to: "S4", kind: .forward, year: 2022): "0.0921",
]

private struct ExpectedLinkage {
    var key: LinkageKey
    var text: String
    var source: String
}

private let expectedLinkages: [ExpectedLinkage] = {
    var result: [ExpectedLinkage] = []
    for (kind, columns, table, source) in [(LinkageKind.forward, tableS1Columns, tableS1, "Table S1"),
                                           (LinkageKind.backward, tableS2Columns, tableS2, "Table S2")] {
        for (year, values) in table {
            for (pair, text) in zip(columns, values) {
                result.append(ExpectedLinkage(key: LinkageKey(from: pair.0, to: pair.1, kind: kind, year: year),
                                              text: text, source: source))
            }
        }
    }
    return result
}()

@Suite("DatasetTests")
struct DatasetTests {

    // MARK: (a) The built-in dataset against the hand-typed tables

    @Test func stagesAndYears() throws {
        let chain = try Chain.vanadium()
        #expect(chain.name == "vanadium")
        #expect(chain.stages.map(\.id) == ["S1", "S2", "S3", "S4", "S5"])
        #expect(chain.stages.map(\.name) == ["mining and raw-material collection", "raw materials and preprocessing",
                                             "chemical separation and intermediates", "products", "recycling"])
        #expect(chain.stages.allSatisfy { !$0.description.isEmpty })
        #expect(chain.stage("S3")?.description.contains("vanadium nitride") == true)
        #expect(chain.stage("S4")?.description.contains("vanadium steel") == true)
        #expect(chain.years == 2015...2022)
        #expect(chain.quantityNames == ["output", "unit_output", "imports", "exports", "cost", "unit_cost",
                                        "emissions", "intensity", "priority",
                                        "response_output", "response_cost", "response_intensity"])
    }

    @Test func everyQuantityMatchesThePaper() throws {
        let chain = try Chain.vanadium()
        #expect(expectedQuantities.count == 53)
        #expect(chain.quantities.count == expectedQuantities.count)
        for expected in expectedQuantities {
            let key = QuantityKey(stage: expected.stage, quantity: expected.quantity, year: expected.year)
            let got = try #require(chain.quantities[key], "missing \(key)")
            let number = try #require(Double(expected.text))
            #expect(got.text == expected.text, "\(key)")
            #expect(got.value == number, "\(key)")
            #expect(got.unit == expected.unit, "\(key)")
            #expect(got.provenance.source == expected.source, "\(key)")
            if expected.year == nil {
                let note = got.provenance.note ?? ""
                #expect(note.contains("year not stated") || note.contains("as stated"), "\(key): \(note)")
            }
        }
    }

    @Test func spotValuesAsNumbers() throws {
        let chain = try Chain.vanadium()
        func value(_ stage: String, _ quantity: String, _ year: Int?) -> Double? {
            chain.quantities[QuantityKey(stage: stage, quantity: quantity, year: year)]?.value
        }
        #expect(value("S4", "output", 2022) == 113_947)
        #expect(value("S4", "unit_output", nil) == 1_060)
        #expect(value("S1", "emissions", nil) == 18_200)
        #expect(value("S2", "cost", 2018) == 25.109)
        #expect(value("S3", "response_cost", nil) == 0.85)
        #expect(value("S4", "priority", nil) == 1)
        #expect(chain.linkages[LinkageKey(from: "S5", to: "S2", kind: .backward, year: 2021)]?.value == 0.001916)
        #expect(chain.linkages[LinkageKey(from: "S2", to: "S3", kind: .forward, year: 2016)]?.text == "0.070")
        #expect(chain.linkages[LinkageKey(from: "S5", to: "S2", kind: .backward, year: 2016)]?.text == "0.00110")
    }

    @Test func notesOnDoubtfulValues() throws {
        let chain = try Chain.vanadium()
        func note(_ stage: String, _ quantity: String, _ year: Int?) -> String {
            chain.quantities[QuantityKey(stage: stage, quantity: quantity, year: year)]?.provenance.note ?? ""
        }
        #expect(note("S4", "output", 2022).contains("printed as \"113,947 tons\""))
        #expect(note("S4", "unit_output", nil).contains("printed as \"1,060 tons per day\""))
        #expect(note("S1", "emissions", nil).contains("printed as \"18,200 tons\""))
        #expect(note("S3", "response_cost", nil).contains("probably a misprint of 0.085"))
        #expect(note("S4", "response_intensity", nil).contains("probably a misprint of 0.088"))
        for stage in ["S1", "S2", "S3", "S4"] {
            #expect(note(stage, "intensity", nil).contains("unit not stated in the source"))
        }
        for stage in ["S2", "S3", "S4", "S5"] {
            #expect(note(stage, "unit_cost", nil).contains("million RMB/ton"))
        }
        for stage in ["S1", "S2", "S3", "S4", "S5"] {
            #expect(note(stage, "priority", nil).contains("1 = highest"))
            for quantity in ["response_output", "response_cost", "response_intensity"] {
                #expect(note(stage, quantity, nil).contains("column header not printed"))
            }
        }
    }

    @Test func everyLinkageMatchesTablesS1AndS2() throws {
        let chain = try Chain.vanadium()
        #expect(expectedLinkages.count == 80)
        #expect(chain.linkages.count == 80)
        #expect(chain.linkages.keys.filter { $0.kind == .forward }.count == 40)
        #expect(chain.linkages.keys.filter { $0.kind == .backward }.count == 40)
        for expected in expectedLinkages {
            let got = try #require(chain.linkages[expected.key], "missing \(expected.key)")
            let number = try #require(Double(expected.text))
            #expect(got.text == expected.text, "\(expected.key)")
            #expect(got.value == number, "\(expected.key)")
            #expect(got.unit == "1", "\(expected.key)")
            #expect(got.provenance.source == expected.source, "\(expected.key)")
            let note = got.provenance.note ?? ""
            if let digits = section44Digits[expected.key] {
                #expect(note.contains("§4.4 text gives \(digits)"), "\(expected.key): \(note)")
            } else {
                #expect(!note.contains("§4.4"), "\(expected.key): \(note)")
            }
        }
    }

    @Test func everyPairHasEveryYear() throws {
        let chain = try Chain.vanadium()
        for kind in [LinkageKind.forward, .backward] {
            let pairs = chain.linkagePairs(kind)
            #expect(pairs.map { "\($0.from)→\($0.to)" } == ["S1→S2", "S2→S3", "S3→S4", "S4→S5", "S5→S2"])
            for pair in pairs {
                for year in chain.years {
                    #expect(chain.linkages[LinkageKey(from: pair.from, to: pair.to, kind: kind, year: year)] != nil,
                            "\(kind) \(pair.from)→\(pair.to) \(year)")
                }
            }
        }
    }

    // MARK: (b) Every value's text appears in the paper excerpt, when it is at hand

    /// The package root, three levels above this file (Tests/VMPCoreTests/DatasetTests.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The seed text (all files of `../shared/seed`), or `nil` when the directory is absent.
    static func seedText() -> String? {
        let directory = packageRoot.appendingPathComponent("../shared/seed").standardizedFileURL
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return nil }
        let texts = names.sorted().compactMap { name -> String? in
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path)
            else { return nil }
            return String(data: data, encoding: .utf8)
        }
        return texts.isEmpty ? nil : texts.joined(separator: "\n")
    }

    /// `true` when `number` occurs in `text` as a whole number: not preceded by a digit,
    /// `.` or `,`, and not followed by a digit or by `.`/`,` and a digit.
    static func containsNumber(_ text: String, _ number: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        let needle = Array(number.unicodeScalars)
        guard !needle.isEmpty, scalars.count >= needle.count else { return false }
        func isDigit(_ i: Int) -> Bool { i >= 0 && i < scalars.count && ("0"..."9").contains(scalars[i]) }
        for start in 0...(scalars.count - needle.count) where Array(scalars[start..<(start + needle.count)]) == needle {
            let before = start - 1
            let after = start + needle.count
            if isDigit(before) || (before >= 0 && (scalars[before] == "." || scalars[before] == ",") && isDigit(before - 1)) {
                continue
            }
            if isDigit(after) || (after < scalars.count && (scalars[after] == "." || scalars[after] == ",") && isDigit(after + 1)) {
                continue
            }
            return true
        }
        return false
    }

    /// The quoted phrases after `marker` in a note: `printed as "113,947 tons"` → `113,947 tons`.
    static func quoted(after marker: String, in note: String) -> [String] {
        var phrases: [String] = []
        var rest = Substring(note)
        while let range = rest.range(of: marker + "\"") {
            rest = rest[range.upperBound...]
            guard let close = rest.firstIndex(of: "\"") else { break }
            phrases.append(String(rest[..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return phrases
    }

    @Test func numberMatchingRespectsDigitBoundaries() {
        #expect(Self.containsNumber("fell to 0.07 in 2022", "0.07"))
        #expect(!Self.containsNumber("it was 0.070 then", "0.07"))
        #expect(!Self.containsNumber("it was 10.07 then", "0.07"))
        #expect(!Self.containsNumber("(113,947 tons)", "113"))
        #expect(!Self.containsNumber("(113,947 tons)", "947"))
        #expect(Self.containsNumber("at 0.0655.", "0.0655"))
        #expect(Self.quoted(after: "printed as ", in: "x; printed as \"1,060 tons per day\"; y") == ["1,060 tons per day"])
    }

    @Test func everyValueAppearsInTheSeedText() throws {
        guard let seed = Self.seedText() else { return }  // no seed here: nothing to compare with
        let chain = try Chain.vanadium()
        var values: [(String, PublishedValue)] = chain.quantities.map { ("\($0.key)", $0.value) }
        values += chain.linkages.map { ("\($0.key)", $0.value) }
        for (label, value) in values {
            let note = value.provenance.note ?? ""
            let printed = Self.quoted(after: "printed as ", in: note)
            if printed.isEmpty {
                let found = Self.containsNumber(seed, value.text)
                #expect(found, "\(label): \(value.text) not in the seed")
            }
            for phrase in printed {
                let found = seed.contains(phrase)
                #expect(found, "\(label): printed phrase \"\(phrase)\" not in the seed")
                // A phrase with digits holds the value, thousands separators re-inserted.
                if phrase.contains(where: \.isNumber) {
                    let holds = Self.containsNumber(phrase.replacingOccurrences(of: ",", with: ""), value.text)
                    #expect(holds, "\(label): \(value.text) not in \"\(phrase)\"")
                    let number = phrase.split(separator: " ").first.map(String.init) ?? ""
                    let numberFound = Self.containsNumber(seed, number)
                    #expect(numberFound, "\(label): \(number) not in the seed as a whole number")
                }
            }
            for header in Self.quoted(after: "column ", in: note) {
                let found = seed.contains(header)
                #expect(found, "\(label): column \"\(header)\" not in the seed")
            }
            if let range = note.range(of: "§4.4 text gives ") {
                let digits = String(note[range.upperBound...].prefix { $0.isNumber || $0 == "." })
                let found = Self.containsNumber(seed, digits)
                #expect(found, "\(label): §4.4's \(digits) not in the seed")
            }
        }
        // The tables' own headers, as typed above, are in the seed too.
        for header in ["S1 drives S2", "S2 drives S3", "S3 drives S4", "S4 drives S5", "S5 drives S2",
                       "S2 pulls S1", "S3 pulls S2", "S4 pulls S3", "S5 pulls S4", "S2 pulls S5",
                       "Table S1", "Table S2", "Table S3"] {
            let found = seed.contains(header)
            #expect(found, "\(header) not in the seed")
        }
    }
}

import Testing
@testable import VMPCore

@Suite struct UnitTests {
    @Test func registryResolvesDatasetUnits() throws {
        #expect(try UnitRegistry.resolve("10^4 t").scale == 1e4)
        #expect(try UnitRegistry.resolve("million RMB/t").dimensions == Dimensions(["t": -1, "CNY": 1]))
        #expect(try UnitRegistry.resolve("t CO2").dimensions == Dimensions(["t CO2": 1]))
        #expect(try UnitRegistry.resolve("10^4 t/day").dimensions == Dimensions(["t": 1, "day": -1]))
        #expect(try UnitRegistry.resolve("1") == Unit.one)
        #expect(try UnitRegistry.resolve("year").scale == 365)
    }

    @Test func unknownWordIsAnError() {
        #expect(throws: UnitError.unknownWord("parsec")) { try UnitRegistry.resolve("parsec") }
    }

    @Test func productsLandOnNamedUnits() throws {
        let t = try UnitRegistry.resolve("t"), day = try UnitRegistry.resolve("day")
        #expect((t / day).name == "t/day")
        #expect(((t / day) * day).name == "t")
        #expect((t / t) == Unit.one)
    }
}

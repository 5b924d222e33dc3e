import Testing
@testable import VMPCore

@Suite struct UnitTests {
    @Test func registryResolvesDatasetUnits() throws {
        #expect(try UnitRegistry.resolve("10^4 t").scale == 1e4)
        #expect(try UnitRegistry.resolve("million RMB/t").dimensions == [-1, 0, 1, 0])
        #expect(try UnitRegistry.resolve("t CO2").dimensions == [0, 0, 0, 1])
        #expect(try UnitRegistry.resolve("10^4 t/day").dimensions == [1, -1, 0, 0])
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

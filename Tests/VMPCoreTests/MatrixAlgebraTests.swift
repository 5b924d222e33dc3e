import Testing
@testable import VMPCore

/// Matrix algebra in the language (issue 12 §2): products, powers, I, inverse, transpose,
/// sums, and one reading of M[i][j] and M.i.j (rows: supplying stage i, columns: receiving j).
@Suite struct MatrixAlgebraTests {
    /// The cells of a matrix the session bound to `name`, as Doubles (NA cells fail the test).
    private func cells(_ h: Harness, _ name: String) throws -> [[Double]] {
        guard case .table(let t)? = h.session.globals[name] else {
            Issue.record("\(name) is not a table")
            return []
        }
        return try t.cells.map { row in try row.map { try #require($0).value } }
    }

    @Test func productOfTwoMatricesIsTheMatrixProduct() throws {
        let h = try Harness()
        // (A²)_24 = a_23 a_34 alone: S3 is S2's only customer with a path to S4 in one step.
        #expect(h.run("(A[2020] * A[2020])[S2][S4]") == "0.004941")
        #expect(h.run("pull(S3, S2)[2020] * pull(S4, S3)[2020]") == "0.004941")
        // Checked cell by cell against the engine's own product of the coefficient matrix.
        _ = h.run("let a2 = A[2020] * A[2020]\nlet a = A[2020]")
        let a = try cells(h, "a"), a2 = try cells(h, "a2")
        let expected = try Matrix(a).multiply(try Matrix(a))
        for i in 0..<5 { for j in 0..<5 { #expect(abs(a2[i][j] - expected[i, j]) < 1e-15) } }
        // Element by element stays available for + and −, and a scalar scales every cell.
        #expect(h.run("(A[2020] + A[2020])[S2][S3]") == h.run("2 * A[2020][S2][S3]"))
    }

    @Test func inverseOfIMinusAIsTheLeontiefInverse() throws {
        let h = try Harness()
        _ = h.run("let inv = inverse(I - A[2020])\nlet l = L[2020]\nlet g = G[2020]\nlet ginv = inverse(identity - B[2020])")
        let inv = try cells(h, "inv"), l = try cells(h, "l"), g = try cells(h, "g"), ginv = try cells(h, "ginv")
        #expect(inv.count == 5 && l.count == 5)
        for i in 0..<5 {
            for j in 0..<5 {
                #expect(abs(inv[i][j] - l[i][j]) <= 1e-12, "l[\(i)][\(j)]")
                #expect(abs(ginv[i][j] - g[i][j]) <= 1e-12, "g[\(i)][\(j)]")
            }
        }
        #expect(h.run("inverse(I - I)").contains("error: I - I is singular: it has no inverse"))
        #expect(h.run("inverse(A[2020][S2])").contains("error: inverse needs a stage × stage matrix"))
    }

    @Test func bothSpellingsReadTheSameElement() throws {
        let h = try Harness()
        for m in ["A", "L", "G", "B"] {
            for (i, j) in [("S1", "S2"), ("S2", "S3"), ("S3", "S2"), ("S5", "S2"), ("S4", "S5")] {
                let indexed = h.run("\(m)[2020][\(i)][\(j)]"), dotted = h.run("\(m)[2020].\(i).\(j)")
                #expect(indexed == dotted, "\(m)[2020][\(i)][\(j)] = \(indexed), \(m)[2020].\(i).\(j) = \(dotted)")
                #expect(h.run("\(m)[2020][\(i)][\(j)] == \(m)[2020].\(i).\(j)") == "true")
            }
        }
        // Rows are suppliers: b_12 is published (S1 drives S2), b_21 is 0.
        #expect(h.run("B[2020].S1.S2") == "0.053")
        #expect(h.run("B[2020].S2.S1") == "0")
        #expect(h.run("L[2020]").contains("i \\ j"))
    }

    @Test func powersIdentityAndTheSeries() throws {
        let h = try Harness()
        #expect(h.run("A[2020] ^ 0 == I") == "true")
        #expect(h.run("A[2020] ^ 1 == A[2020]") == "true")
        #expect(h.run("A[2020] ^ 3 == A[2020] * A[2020] * A[2020]") == "true")
        #expect(h.run("A[2020] ^ 2 == I") == "false")
        #expect(h.run("A[2020] ^ 1001").contains("error: a matrix power needs a whole exponent from 0 to 1000"))
        #expect(h.run("A[2020] ^ 1.5").contains("error: a matrix power needs a whole exponent"))
        // Partial sums I + A + … + A^K approach L: the largest deviation shrinks and vanishes.
        _ = h.run("let l = L[2020]")
        let l = try cells(h, "l")
        var previous = Double.infinity
        for k in [1, 2, 4, 8, 16] {
            let series = (["I", "A[2020]"] + (2...max(2, k)).filter { _ in k >= 2 }.map { "A[2020] ^ \($0)" }).joined(separator: " + ")
            _ = h.run("let s = \(series)")
            let s = try cells(h, "s")
            let deviation = (0..<5).flatMap { i in (0..<5).map { j in abs(s[i][j] - l[i][j]) } }.max() ?? .infinity
            #expect(deviation < previous, "K = \(k)")
            previous = deviation
        }
        #expect(previous < 1e-12)
    }

    @Test func sumsTransposeAndVectors() throws {
        let h = try Harness()
        // Column sums of L are the total backward linkages, row sums of G the total forward ones.
        let bl = h.run("backward_linkage(2020).total.S3"), cs = h.run("column_sums(L[2020]).S3")
        #expect(bl == cs)
        #expect(h.run("row_sums(G[2020]).S2") == h.run("forward_linkage(2020).total.S2"))
        #expect(h.run("sum(A[2020])") == h.run("sum(column_sums(A[2020]))"))
        #expect(h.run("transpose(A[2020])[S3][S2] == A[2020][S2][S3]") == "true")
        // A matrix times a vector by stage: L times the column S3 of I is column S3 of L.
        #expect(h.run("(L[2020] * transpose(I).S3).S2") == h.run("L[2020][S2][S3]"))
        #expect(h.run("(column_sums(I) * L[2020]).S3") == h.run("column_sums(L[2020]).S3"))
    }

    @Test func productsMultiplyUnits() throws {
        let h = try Harness()
        #expect(h.run("((A[2020] * 2 t) * A[2020])[S2][S4]") == "0.009882 t")
        #expect(h.run("((A[2020] * 2 t) * (A[2020] * 3 t))[S2][S4]") == "0.029646 t^2")
    }
}

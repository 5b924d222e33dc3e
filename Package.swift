// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "vmp",
    products: [
        .executable(name: "vmp", targets: ["vmp"]),
        .library(name: "VMPCore", targets: ["VMPCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // System libraries, each imported by exactly one wrapper file. (LAPACKE, from Debian's
        // liblapacke and libopenblas0, is not linked: Model/Lapack.swift loads it on first use.)
        .systemLibrary(
            name: "CEditLine", pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]),

        // Runs a function on a large stack of its own in the calling thread (Session.onLargeStack).
        .target(name: "CLargeStack"),

        // The language and the M-P model: no terminal code.
        .target(
            name: "VMPCore",
            dependencies: [
                "CLargeStack",
                .product(name: "SwiftCSV", package: "SwiftCSV"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            resources: [.copy("Resources/vanadium"), .copy("Resources/lessons")]),

        // The command line and the REPL. A release build on Linux is linked by lld with packed
        // relative relocations (DT_RELR, glibc 2.36+): 86,000 relocations of a position-
        // independent executable take 16 KB instead of 2 MB that the loader would read at every
        // start (about 2 MiB less resident memory), and ASLR stays (no -no-pie).
        .executableTarget(
            name: "vmp",
            dependencies: [
                "VMPCore", "CEditLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            linkerSettings: [
                .unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"],
                             .when(platforms: [.linux], configuration: .release)),
            ]),

        // IO-model benchmark (Scripts/bench): times the IO core in-process; build with -c release.
        .executableTarget(name: "vmp-bench", dependencies: ["VMPCore"], path: "Sources/vmp-bench"),

        // Fuzz targets (Scripts/fuzz builds them with -sanitize=fuzzer,address in .build-fuzz);
        // in an ordinary build they link against a stand-in driver and only say so.
        .target(name: "VMPFuzzDriver", path: "Sources/VMPFuzzDriver"),
        .executableTarget(
            name: "vmp-fuzz", dependencies: ["VMPCore", "VMPFuzzDriver"], path: "Sources/vmp-fuzz",
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        .executableTarget(
            name: "vmp-fuzz-chain", dependencies: ["VMPCore", "VMPFuzzDriver"], path: "Sources/vmp-fuzz-chain",
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),

        // Tests: the core library, and end-to-end runs of the built executable.
        .testTarget(name: "VMPCoreTests", dependencies: ["VMPCore"], exclude: ["Fixtures", "Transcripts"]),
        .testTarget(name: "vmpTests", dependencies: ["VMPCore", "vmp"], exclude: ["Golden", "Malformed", "Broken", "Transcripts"]),
    ],
    swiftLanguageModes: [.v5]
)

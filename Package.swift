// swift-tools-version:6.0
import PackageDescription

// One list of settings for every target, so the language mode cannot drift between them.
let swiftSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
  name: "rstate",
  products: [
    // Its own product with exactly one target, so the man-page plugin picks it up.
    .executable(name: "rstate", targets: ["rstate"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    .systemLibrary(name: "CRStateHiredis", providers: [.apt(["libhiredis-dev"])]),
    .systemLibrary(name: "CRStateReadline", providers: [.apt(["libreadline-dev"])]),
    .systemLibrary(name: "CRStateOpenSSL", providers: [.apt(["libssl-dev"])]),
    .systemLibrary(name: "CRStateZlib", providers: [.apt(["zlib1g-dev"])]),
    .target(
      name: "RStateCore",
      dependencies: [
        "CRStateHiredis", "CRStateOpenSSL", "CRStateZlib",
      ],
      // The built-in namespace rules, compiled in as bytes: Bundle.module would need Foundation.
      resources: [.embedInCode("Namespaces/namespaces.toml")],
      // Dynamic exclusivity checks cost 4% of a bulk load in release builds; debug builds
      // (and so the tests) keep them.
      swiftSettings: swiftSettings + [
        .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))
      ]),
    .executableTarget(
      name: "rstate",
      dependencies: [
        "RStateCore",
        "CRStateReadline",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "RStateCoreTests", dependencies: ["RStateCore"], swiftSettings: swiftSettings),
    .testTarget(name: "RStateCLITests", dependencies: ["rstate"], swiftSettings: swiftSettings),
    .testTarget(
      name: "IntegrationTests",
      dependencies: ["RStateCore", "rstate"],
      swiftSettings: swiftSettings
    ),
  ]
)

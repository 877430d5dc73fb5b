import Foundation
import Testing
import Tensor

/// The golden values computed by scripts/golden/tensor_golden.py with NumPy (float64).
struct GoldenFile: Decodable {
    struct Array: Decodable {
        var shape: [Int]
        var data: [Double]
    }

    struct Case: Decodable, CustomTestStringConvertible {
        var name: String
        var op: String
        var inputs: [Array]
        var params: Parameters
        var output: Array
        var testDescription: String { name }
    }

    /// The union of the parameters any case uses.
    struct Parameters: Decodable {
        var axes: [Int]?
        var axis: Int?
        var keep_dims: Bool?
        var unbiased: Bool?
        var slope: Double?
        var min: Double?
        var max: Double?
        var perm: [Int]?
        var indices: [Int]?
        var classes: Int?
        var ranges: [[Int]]?
        var start: Double?
        var end: Double?
        var step: Double?
        var count: Int?
        var n: Int?
    }

    struct PhiloxCase: Decodable {
        var key: [String]
        var counter: [String]
        var raw: [String]
        var uniform01: [Double]
    }

    var numpy: String
    var cases: [Case]
    var philox: [PhiloxCase]

    /// Loaded once from the test bundle's resources.
    static let shared: GoldenFile = {
        guard let url = Bundle.module.url(forResource: "golden", withExtension: "json", subdirectory: "Resources") else {
            fatalError("golden.json is missing from the test resources")
        }
        do {
            return try JSONDecoder().decode(GoldenFile.self, from: Data(contentsOf: url))
        } catch {
            fatalError("golden.json does not decode: \(error)")
        }
    }()
}

extension GoldenFile.Array {
    /// The array as a tensor of `dtype` (inputs are exact in float32).
    func tensor(_ dtype: DType) -> Tensor {
        Tensor(shape: shape, doubles: data).converted(to: dtype)
    }
}

import Tensor

/// Weight initialisers following `torch.nn.init`: each returns a new tensor of the given shape
/// (not requiring gradients; a layer sets that on its parameters) and draws only from the
/// generator passed in, so a seed fixes the result.
///
/// Fans follow PyTorch: for a shape `[out, in, k₁, k₂, …]` (a linear weight `[out, in]` or a
/// convolution kernel), `fanIn = in·k₁·k₂·…` and `fanOut = out·k₁·k₂·…`.
///
/// ```swift
/// var generator = PhiloxGenerator(seed: 0)
/// let weight = Initializer.kaimingUniform([64, 32], nonlinearity: .relu, using: &generator)
/// ```
public enum Initializer {
    /// Which fan Kaiming initialisation preserves the variance over (PyTorch's `mode`).
    public enum FanMode: String, Sendable, Codable, CaseIterable {
        /// The forward pass's activations (PyTorch's default, `"fan_in"`).
        case fanIn
        /// The backward pass's gradients (`"fan_out"`).
        case fanOut
    }

    /// The fans of a weight of `shape`, as `torch.nn.init._calculate_fan_in_and_fan_out`.
    ///
    /// - Precondition: `shape` has at least two axes.
    public static func fans(_ shape: [Int]) -> (fanIn: Int, fanOut: Int) {
        check(shape.count >= 2, "Initializer.fans: shape \(shape) has fewer than 2 axes")
        let receptiveField = shape.dropFirst(2).reduce(1, *)
        return (shape[1] * receptiveField, shape[0] * receptiveField)
    }

    /// Zeros (`torch.nn.init.zeros_`).
    public static func zeros(_ shape: [Int], dtype: DType = .float32) -> Tensor {
        Tensor.zeros(shape, dtype: dtype)
    }

    /// Every element equal to `value` (`torch.nn.init.constant_`).
    public static func constant(_ shape: [Int], value: Double, dtype: DType = .float32) -> Tensor {
        Tensor.full(shape, value: value, dtype: dtype)
    }

    /// Glorot & Bengio (2010) uniform initialisation (`torch.nn.init.xavier_uniform_`):
    /// `U(-a, a)` with `a = gain·√(6 / (fanIn + fanOut))`.
    public static func xavierUniform(
        _ shape: [Int], gain: Double = 1, dtype: DType = .float32, using generator: inout PhiloxGenerator
    ) -> Tensor {
        let (fanIn, fanOut) = fans(shape)
        let bound = gain * (6 / Double(Swift.max(fanIn + fanOut, 1))).squareRoot()
        return Tensor.randomUniform(shape, low: -bound, high: bound, dtype: dtype, using: &generator)
    }

    /// Glorot & Bengio (2010) normal initialisation (`torch.nn.init.xavier_normal_`):
    /// `N(0, std²)` with `std = gain·√(2 / (fanIn + fanOut))`.
    public static func xavierNormal(
        _ shape: [Int], gain: Double = 1, dtype: DType = .float32, using generator: inout PhiloxGenerator
    ) -> Tensor {
        let (fanIn, fanOut) = fans(shape)
        let standardDeviation = gain * (2 / Double(Swift.max(fanIn + fanOut, 1))).squareRoot()
        return Tensor.randomNormal(shape, standardDeviation: standardDeviation, dtype: dtype, using: &generator)
    }

    /// He et al. (2015) uniform initialisation (`torch.nn.init.kaiming_uniform_`):
    /// `U(-b, b)` with `b = gain·√(3 / fan)`, `gain` from `nonlinearity` (``Activation/gain``,
    /// PyTorch's `calculate_gain`) and `fan` chosen by `mode`.
    ///
    /// PyTorch's default (`nonlinearity="leaky_relu"`, `a=0`) has gain √2, which is `.relu` here.
    public static func kaimingUniform(
        _ shape: [Int], mode: FanMode = .fanIn, nonlinearity: Activation = .relu, dtype: DType = .float32,
        using generator: inout PhiloxGenerator
    ) -> Tensor {
        let bound = nonlinearity.gain * (3 / Double(fan(shape, mode))).squareRoot()
        return Tensor.randomUniform(shape, low: -bound, high: bound, dtype: dtype, using: &generator)
    }

    /// He et al. (2015) normal initialisation (`torch.nn.init.kaiming_normal_`):
    /// `N(0, std²)` with `std = gain / √fan`, `gain` and `fan` as in
    /// ``kaimingUniform(_:mode:nonlinearity:dtype:using:)``.
    public static func kaimingNormal(
        _ shape: [Int], mode: FanMode = .fanIn, nonlinearity: Activation = .relu, dtype: DType = .float32,
        using generator: inout PhiloxGenerator
    ) -> Tensor {
        let standardDeviation = nonlinearity.gain / Double(fan(shape, mode)).squareRoot()
        return Tensor.randomNormal(shape, standardDeviation: standardDeviation, dtype: dtype, using: &generator)
    }

    /// The fan `mode` selects; 1 for an empty shape, which draws nothing anyway.
    private static func fan(_ shape: [Int], _ mode: FanMode) -> Int {
        let (fanIn, fanOut) = fans(shape)
        return Swift.max(mode == .fanIn ? fanIn : fanOut, 1)
    }
}

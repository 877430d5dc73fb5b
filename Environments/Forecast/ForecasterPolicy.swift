import Checkpoint
import Models
import NN
import RL
import Tensor

/// A quantile forecaster (`frontier fit forecast`) acting in Forecast-v0: it reads the scaled
/// context at the start of each observation and outputs its quantiles as the action, so a
/// forecaster's bundle evaluates on Forecast-v0 like any policy's.
public final class ForecasterPolicy: Policy {
    /// The forecaster.
    public let forecaster: QuantileForecaster
    public let observationSize: Int
    public let actionSpace: Space
    public var isTraining = false

    /// Wraps `forecaster` for observations of `observationSize` values starting with its
    /// context, acting in `actionSpace`.
    public init(_ forecaster: QuantileForecaster, observationSize: Int, actionSpace: Space) {
        self.forecaster = forecaster
        self.observationSize = observationSize
        self.actionSpace = actionSpace
        forecaster.isTraining = false
    }

    public var children: [(name: String, module: any Module)] { [("forecaster", forecaster)] }
    public func visitOwnParameters(_ body: (String, inout Tensor) -> Void) {}
    public var architecture: Architecture { get throws { try forecaster.architecture } }

    public func actions(for observations: Tensor, deterministic: Bool, using generator: inout PhiloxGenerator) -> Tensor {
        noGrad {
            let batch = observations.shape[0]
            let context = observations.slice(axis: 1, start: 0, end: forecaster.context)
            return forecaster(context).reshaped(to: [batch, forecaster.horizon * forecaster.quantiles.count])
        }
    }

    /// The adapter Forecast-v0 registers: a `quantile_forecaster` entry becomes a policy when its
    /// context, horizon and levels are the environment's; otherwise it throws naming the
    /// difference.
    static let adapter: ModelAdapter = { entry, environment in
        guard let forecast = environment.unwrapped as? ForecastEnvironment else { return nil }
        let checked = try ArchitectureRegistry.models.check(entry)
        guard let model = try checked.build() as? QuantileForecaster else { return nil }
        guard model.context == forecast.context, model.horizon == forecast.horizon, model.quantiles == forecast.levels else {
            throw BundleError.invalidEntry(entry: entry.name, reason: "the forecaster reads \(model.context) values and forecasts \(model.horizon) steps "
                                           + "at levels \(model.quantiles); this Forecast-v0 has context \(forecast.context), horizon \(forecast.horizon) "
                                           + "and levels \(forecast.levels) (set them with --option context=…, horizon=…, levels=…)")
        }
        return LoadedPolicy(policy: ForecasterPolicy(model, observationSize: environment.observationSpace.flatSize,
                                                     actionSpace: environment.actionSpace), observationStatistics: nil,
                            environmentID: ForecastEnvironment.id)
    }
}

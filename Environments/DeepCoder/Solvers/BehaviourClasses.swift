import Foundation

/// The guided solver's choice among the programs that fit a task's visible examples: what
/// matters on the hidden examples is the function a program computes, not its text, and several
/// fits often compute the same function (`SORT` then `REVERSE`, or `REVERSE` then a commutative
/// step, …). So the fits are grouped by their outputs on inputs drawn as the task generator
/// draws them, each group weighs the prior mass of its members (``ProgramPrior``, summed), and
/// the heaviest group's likeliest member is returned: the most probable function given the
/// examples, as far as the collected fits show it.
///
/// A group's mass also takes the likelihood of the visible inputs themselves. The generator draws
/// each example's inputs again until the program's run is defined, so under a program defined on
/// a fraction `d` of random inputs every visible input is `1/d` times likelier than its plain
/// chance, and a task is kept only when enough defined runs come within the generator's attempts
/// (``DSLTaskGenerator/attemptsPerExample`` per example):
///
///     mass(group) = Σ prior(member) · d^(−visible) · P(Binomial(30·n, d) ≥ n),  n = visible + hidden
///
/// with `d` estimated on the probes (smoothed, since 0 of them defined does not mean never). A
/// function defined only on lists with a positive element, say, explains examples that all have
/// one far better than a function defined everywhere that happens to agree on them.
///
/// Only the ``consideredFits`` fits with the highest prior are grouped, on ``probeCount``
/// inputs, so the choice costs a bounded number of interpreter runs.
struct BehaviourClasses {
    /// How many fits, likeliest first, are run on the probe inputs.
    var consideredFits = 256
    /// How many random inputs tell the groups apart and measure how often each is defined.
    var probeCount = 96
    /// The hidden examples the generator draws beside the visible ones (its default), for the
    /// chance that it finds them all within its attempts.
    var generatorHiddenCount = DSLTaskGenerator.Configuration().hiddenCount
    /// The seed of the probe inputs (fixed, so a task is always solved the same way).
    var probeSeed: UInt64 = 0x5EED_CAFE

    /// The fit to return among `fits` (all fitting the same task's `visibleCount` visible
    /// examples), or nil when there is none with a finite prior.
    func choose(among fits: [SearchFit], inputTypes: [DSLType], visibleCount: Int, prior: ProgramPrior) -> SearchFit? {
        var scored: [(fit: SearchFit, score: Double)] = []
        for fit in fits {
            let score = prior.logProbability(of: fit.program)
            if score > -.infinity { scored.append((fit, score)) }
        }
        // Likeliest first; ties go to the cheaper (the network's preferred) program.
        scored.sort { (a: (fit: SearchFit, score: Double), b: (fit: SearchFit, score: Double)) -> Bool in
            a.score > b.score || (a.score == b.score && a.fit.cost < b.fit.cost)
        }
        scored = Array(scored.prefix(consideredFits))
        guard let first = scored.first else { return nil }
        var generator = DSLTaskGenerator(seed: probeSeed)
        let probes = (0..<probeCount).map { _ in generator.randomInputs(inputTypes) }
        // Per behaviour: its members' scores (for a sum of probabilities in log space) and its
        // likeliest member, the first met since the fits come likeliest first.
        var groups: [[DSLValue?]: (scores: [Double], best: SearchFit)] = [:]
        for (fit, score) in scored {
            // A run past the interpreter's bounds counts as undefined, like any other failure.
            let behaviour = probes.map { inputs in (try? fit.program.run(inputs)) ?? nil }
            groups[behaviour, default: ([], fit)].scores.append(score)
        }
        var chosen = first.fit
        var heaviest = -Double.infinity
        // The factor depends only on how many probes are defined: computed once per count (its
        // binomial tail sums hundreds of terms), not once per group.
        var likelihoodByDefinedCount: [Int: Double] = [:]
        for (behaviour, group) in groups {
            let defined = behaviour.reduce(0) { $0 + ($1 == nil ? 0 : 1) }
            if likelihoodByDefinedCount[defined] == nil {
                likelihoodByDefinedCount[defined] = logInputLikelihood(definedProbes: defined, visibleCount: visibleCount)
            }
            let mass = logSumExp(group.scores) + likelihoodByDefinedCount[defined]!
            // Equal masses: the group of the likeliest single program, then the cheaper one.
            if mass > heaviest || (mass == heaviest && group.best.cost < chosen.cost) {
                heaviest = mass
                chosen = group.best
            }
        }
        return chosen
    }
}

extension BehaviourClasses {
    /// The log-likelihood factor of the visible inputs for a function defined on `definedProbes`
    /// of the ``probeCount`` probes: `−visible·log d + log P(Binomial(30·n, d) ≥ n)` (see the type's
    /// comment), with `d = (definedProbes + ½)/(probeCount + 1)`.
    func logInputLikelihood(definedProbes: Int, visibleCount: Int) -> Double {
        let rate = (Double(definedProbes) + 0.5) / Double(probeCount + 1)
        let needed = visibleCount + generatorHiddenCount
        return -Double(visibleCount) * log(rate)
            + logBinomialTail(trials: DSLTaskGenerator.attemptsPerExample * needed, rate: rate, atLeast: needed)
    }
}

/// `log P(X ≥ atLeast)` for `X ~ Binomial(trials, rate)`, summed term by term in log space.
func logBinomialTail(trials: Int, rate: Double, atLeast: Int) -> Double {
    guard atLeast > 0 else { return 0 }
    guard atLeast <= trials, rate > 0 else { return -.infinity }
    guard rate < 1 else { return 0 }
    let logRate = log(rate), logMiss = log1p(-rate)
    var terms: [Double] = []
    terms.reserveCapacity(trials - atLeast + 1)
    for successes in atLeast...trials {
        let logChoose = lgamma(Double(trials + 1)) - lgamma(Double(successes + 1)) - lgamma(Double(trials - successes + 1))
        terms.append(logChoose + Double(successes) * logRate + Double(trials - successes) * logMiss)
    }
    return Swift.min(logSumExp(terms), 0)
}

/// `log(Σ exp(x))` without overflow; `-infinity` for no terms.
func logSumExp(_ terms: [Double]) -> Double {
    guard let largest = terms.max(), largest > -.infinity else { return -.infinity }
    var total = 0.0
    for term in terms { total += exp(term - largest) }
    return largest + log(total)
}

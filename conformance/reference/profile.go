package reference

import (
	"github.com/pqhs/pqhs/impl/ixian"
	"github.com/pqhs/pqhs/impl/verbeth"
	"github.com/pqhs/pqhs/vectors"
)

// IxianProfile is impl/ixian's profile for a vector profile: Deployed for
// vectors.Deployed, Strict for anything else.
func IxianProfile(p vectors.Profile) ixian.Profile {
	if p == vectors.Deployed {
		return ixian.Deployed
	}
	return ixian.Strict
}

// VerbethProfile is impl/verbeth's profile for a vector profile: Deployed
// for vectors.Deployed, Strict for anything else.
func VerbethProfile(p vectors.Profile) verbeth.Profile {
	if p == vectors.Deployed {
		return verbeth.Deployed
	}
	return verbeth.Strict
}

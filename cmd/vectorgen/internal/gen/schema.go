package gen

import (
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/vectors"
)

// obj is a JSON object; encoding/json sorts its keys, so schemas are written
// canonically.
type obj = map[string]any

// Schema returns the JSON Schema (draft 2020-12) of a family's vector file.
// It is derived from the catalogue, so a file that passes Build matches it;
// the schema is for other languages, which validate the files themselves.
func Schema(fam *vectors.Family) obj {
	cats := make([]string, len(category.All))
	for i, c := range category.All {
		cats[i] = string(c)
	}
	inputs, _ := fieldsSchema(fam.Inputs, false)
	outputs, required := fieldsSchema(fam.Outputs, true)
	return obj{
		"$schema":              "https://json-schema.org/draft/2020-12/schema",
		"$id":                  "urn:pqhs:schema:" + fam.SchemaName(),
		"title":                fam.Title,
		"description":          "Vector file of the pqhs family " + fam.Name + "; see spec/vectors.md.",
		"type":                 "object",
		"additionalProperties": false,
		"required":             []string{"algorithm", "family", "schema", "generatorVersion", "numberOfTests", "header", "notes", "testGroups"},
		"properties": obj{
			"algorithm":        obj{"const": fam.Title},
			"family":           obj{"const": fam.Name},
			"schema":           obj{"const": fam.SchemaName()},
			"generatorVersion": obj{"type": "string"},
			"numberOfTests":    obj{"type": "integer", "minimum": 0},
			"header":           obj{"type": "array", "items": obj{"type": "string"}},
			"notes":            obj{"type": "object", "additionalProperties": obj{"$ref": "#/$defs/note"}},
			"testGroups":       obj{"type": "array", "items": obj{"$ref": "#/$defs/group"}},
		},
		"$defs": obj{
			"hex":      obj{"type": "string", "pattern": "^([0-9a-f]{2})*$"},
			"category": obj{"enum": cats},
			"note": obj{
				"type":                 "object",
				"additionalProperties": false,
				"required":             []string{"bugType", "description"},
				"properties": obj{
					"bugType":     obj{"type": "string"},
					"description": obj{"type": "string"},
					"effect":      obj{"type": "string"},
					"links":       obj{"type": "array", "items": obj{"type": "string"}},
				},
			},
			"group": obj{
				"type":                 "object",
				"additionalProperties": false,
				"required":             []string{"type", "source", "tests"},
				"properties": obj{
					"type":    obj{"type": "string"},
					"comment": obj{"type": "string"},
					"source": obj{
						"type":                 "object",
						"additionalProperties": false,
						"required":             []string{"name", "version"},
						"properties":           obj{"name": obj{"type": "string"}, "version": obj{"type": "string"}},
					},
					"inputs": obj{"$ref": "#/$defs/inputs"},
					"tests":  obj{"type": "array", "items": obj{"$ref": "#/$defs/test"}},
				},
			},
			"inputs": inputs,
			"outputs": func() obj {
				outputs["required"] = required
				return outputs
			}(),
			"test": obj{
				"type":                 "object",
				"additionalProperties": false,
				"required":             []string{"tcId", "comment", "flags", "rules", "inputs", "result"},
				"properties": obj{
					"tcId":    obj{"type": "integer", "minimum": 1},
					"comment": obj{"type": "string"},
					"flags":   obj{"type": "array", "items": obj{"type": "string"}},
					"rules": obj{"type": "array", "minItems": 1, "uniqueItems": true,
						"items":       obj{"type": "string", "pattern": "^(IX|VB)(-[A-Z0-9]+){2,}$"},
						"description": "ids of the rules the test tests (spec/rules.md): the check an invalid or acceptable test breaks, the computations a valid or acceptable test's outputs follow, and a check a valid test passes at its boundary"},
					"inputs": obj{"$ref": "#/$defs/inputs"},
					"result": obj{"enum": []string{"valid", "invalid", "acceptable"}},
					"error":  obj{"$ref": "#/$defs/category"},
					"deployedError": obj{"$ref": "#/$defs/category",
						"description": "invalid tests only: the deployed profile's category when it differs from error"},
					"outputs": obj{"$ref": "#/$defs/outputs"},
					"drawn":   obj{"type": "object", "additionalProperties": obj{"type": "string"}},
				},
				// Valid tests carry outputs and no error, invalid ones an error
				// and no outputs, acceptable ones both.
				"allOf": []obj{
					{"if": obj{"required": []string{"deployedError"}},
						"then": obj{"properties": obj{"result": obj{"const": "invalid"}}}},
					{"if": obj{"properties": obj{"result": obj{"const": "valid"}}},
						"then": obj{"required": []string{"outputs"}, "not": obj{"required": []string{"error"}}}},
					{"if": obj{"properties": obj{"result": obj{"const": "invalid"}}},
						"then": obj{"required": []string{"error"}, "not": obj{"required": []string{"outputs"}}}},
					{"if": obj{"properties": obj{"result": obj{"const": "acceptable"}}},
						"then": obj{"required": []string{"error", "outputs"}}},
				},
			},
		},
	}
}

// fieldsSchema describes a set of fields as a closed object, and returns the
// names of the required ones.
func fieldsSchema(fields []vectors.Field, outputs bool) (obj, []string) {
	props := obj{}
	required := []string{}
	for _, f := range fields {
		s := typeSchema(f.Type)
		s["description"] = f.Doc
		props[f.Name] = s
		if outputs && !f.Optional {
			required = append(required, f.Name)
		}
	}
	return obj{"type": "object", "additionalProperties": false, "properties": props}, required
}

func typeSchema(t vectors.Type) obj {
	switch t {
	case vectors.Hex:
		return obj{"$ref": "#/$defs/hex"}
	case vectors.String:
		return obj{"type": "string"}
	case vectors.Int:
		return obj{"type": "integer"}
	case vectors.Decimal:
		return obj{"type": "string", "pattern": "^-?(0|[1-9][0-9]*)$"}
	case vectors.Bool:
		return obj{"type": "boolean"}
	case vectors.HexList:
		return obj{"type": "array", "items": obj{"$ref": "#/$defs/hex"}}
	default:
		return obj{}
	}
}

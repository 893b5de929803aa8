// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title PermitToken
/// @notice A 6-decimals ERC-20 with EIP-2612 `permit` (EIP-712 name = token name, version "1") and no EIP-3009:
///         holders start without any Permit2 approval, so paying through Permit2 needs the gas-sponsoring permit.
contract PermitToken is ERC20Permit {
    constructor(string memory name_, address[] memory holders, uint256 amount) ERC20(name_, name_) ERC20Permit(name_) {
        for (uint256 i = 0; i < holders.length; i++) {
            _mint(holders[i], amount);
        }
    }

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Test faucet: anyone may mint.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
